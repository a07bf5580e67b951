/** The invented joiner most tests start from (console input for the joiner flow). */
export const exampleJoiner = {
  eventId: 'evt-0001',
  employeeId: 'E1001',
  userName: 'ada.lovelace',
  givenName: 'Ada',
  familyName: 'Lovelace',
  email: 'ada.lovelace@example.com',
  department: 'Engineering',
  managerEmail: 'grace.hopper@example.com',
} as const;
