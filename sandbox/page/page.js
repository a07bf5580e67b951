// The live page of `npm start -- --serve`: polls /api/state and redraws; no build step, no framework.

const refreshMs = 1000;
const $ = (id) => document.getElementById(id);
const time = (ms) => (ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '');

function cell(value, className) {
  const td = document.createElement('td');
  td.textContent = value === undefined || value === null ? '' : String(value);
  if (className) td.className = className;
  return td;
}

/**
 * Redraws a table. Each column is [header, value of a row]; a cell's classes are its column's
 * name and a one-word value (AVAILABLE, FAILED), which the style colours. `mark` names what a
 * row is (a data- attribute), so a reader or a test can find it.
 */
function draw(id, columns, rows, mark) {
  const table = $(id);
  const head = document.createElement('tr');
  for (const [header] of columns) {
    const th = document.createElement('th');
    th.textContent = header;
    head.append(th);
  }
  const lines = rows.map((row) => {
    const tr = document.createElement('tr');
    for (const [header, value] of columns) {
      const v = value(row);
      const word = typeof v === 'string' && /^[A-Za-z_]+$/.test(v) ? v : '';
      tr.append(cell(v, `${header.toLowerCase().replaceAll(' ', '-')} ${word}`.trim()));
    }
    if (mark) mark(tr, row);
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = cell('none yet', 'empty');
    td.colSpan = columns.length;
    tr.append(td);
    lines.push(tr);
  }
  table.replaceChildren(head, ...lines);
}

async function openEmail(id) {
  const box = $('email');
  const response = await fetch(`api/emails/${encodeURIComponent(id)}`);
  const email = await response.json();
  const title = document.createElement('p');
  title.textContent = `To ${email.to.join(', ')}: ${email.subject ?? ''} (${email.file})`;
  const body = document.createElement('pre');
  body.textContent = email.text ?? '';
  box.replaceChildren(title, body);
  if (email.html) {
    const frame = document.createElement('iframe');
    // An empty sandbox: the email's HTML is shown, never run.
    frame.setAttribute('sandbox', '');
    frame.srcdoc = email.html;
    frame.title = 'HTML part';
    box.append(frame);
  }
  box.hidden = false;
}

async function send(example) {
  $('status').textContent = `sending ${example}…`;
  const response = await fetch('api/send', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ example }),
  });
  const answer = await response.json();
  $('status').textContent = response.ok
    ? `${example}: event ${answer.eventId} is on the HR bus`
    : `${example}: ${answer.message}`;
}

let examplesShown = false;
function showExamples(examples) {
  if (examplesShown) return;
  examplesShown = true;
  $('examples').replaceChildren(
    ...examples.map((example) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = example.id;
      button.title = example.detailType;
      button.dataset.example = example.id;
      if (example.invalid) button.className = 'invalid';
      button.addEventListener('click', () => send(example.id));
      return button;
    }),
  );
}

function render(state) {
  $('clock').textContent =
    `Simulated time ${time(state.now)} UTC; 1 real second = ${state.timeScale} simulated seconds.`;
  showExamples(state.examples);
  draw(
    'employees',
    [
      ['User', (e) => e.userName],
      ['Name', (e) => e.name],
      ['Employee id', (e) => e.employeeId],
      ['State', (e) => e.state],
      ['Directory user', (e) => e.directoryUser],
      ['WorkSpace', (e) => e.workspaceId],
      ['WorkSpace state', (e) => e.workspaceState],
    ],
    state.employees,
    (tr, e) => {
      tr.dataset.employee = e.userName;
    },
  );
  const executions = [...state.executions].sort(
    (a, b) => a.flow.localeCompare(b.flow) || a.startDate - b.startDate,
  );
  draw(
    'executions',
    [
      ['Flow', (e) => e.flow],
      ['Name', (e) => e.name],
      ['User', (e) => e.userName],
      ['Status', (e) => e.status],
      ['Current state', (e) => e.state],
      ['Started', (e) => time(e.startDate)],
      ['Error', (e) => e.error],
    ],
    executions,
    (tr, e) => {
      tr.dataset.execution = e.name;
    },
  );
  draw(
    'queue',
    [
      ['Kind', (q) => q.kind],
      ['For', (q) => q.for],
      ['Queued', (q) => time(q.queuedAt)],
      ['Look after', (q) => time(q.lookAfter)],
      ['Deadline', (q) => time(q.deadline)],
    ],
    state.queue,
  );
  draw(
    'events',
    [
      ['Time', (e) => time(e.time)],
      ['Event', (e) => e.detailType],
      ['User', (e) => e.userName],
      ['WorkSpace', (e) => e.workspaceId],
      ['Note', (e) => e.note],
    ],
    [...state.events].reverse(),
  );
  draw(
    'alerts',
    [
      ['Time', (a) => time(a.time)],
      ['Subject', (a) => a.subject],
      ['Message', (a) => a.message],
    ],
    [...state.alerts].reverse(),
  );
  draw(
    'emails',
    [
      ['Sent', (m) => time(m.sentAt)],
      ['To', (m) => m.to.join(', ')],
      ['Subject', (m) => m.subject],
    ],
    [...state.emails].reverse(),
    (tr, m) => {
      tr.className = 'email';
      tr.title = 'Open';
      tr.addEventListener('click', () => openEmail(m.id));
    },
  );
  draw(
    'dead-letters',
    [
      ['Event id', (d) => d.eventId],
      ['Type', (d) => d.detailType],
      ['Error', (d) => d.error],
      ['Reason', (d) => d.reason],
    ],
    state.deadLetters,
  );
}

async function refresh() {
  try {
    const response = await fetch('api/state');
    render(await response.json());
  } catch {
    $('clock').textContent = 'The sandbox does not answer: was it stopped?';
  }
  setTimeout(refresh, refreshMs);
}

$('new-joiner').addEventListener('click', () => send('new-joiner'));
refresh();
