# The npm registry reachable here lacks the other platforms' optional binaries (@swc/core-darwin-*,
# @biomejs/cli-win32-*, ...). npm install leaves them out of the lock yet keeps the names in
# optionalDependencies, and npm ci then refuses the lock. Run after npm install: python3 tools/prune-lockfile.py
import json
p='package-lock.json'
d=json.load(open(p))
pk=d['packages']
present=set(k.split('node_modules/')[-1] for k in pk if k)
dropped=[]
for k,v in pk.items():
    od=v.get('optionalDependencies')
    if not od: continue
    for name in list(od):
        if name not in present:
            del od[name]; dropped.append(name)
    if not od: del v['optionalDependencies']
json.dump(d, open(p,'w'), indent=2); open(p,'a').write('\n')
print(len(dropped))
