# lkmine as a user runs it: `lkmine index`, `stats --json`, `search --json`, `show --json`.
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor


class Lkmine:
    def __init__(self, binary, db, jobs=2):
        self.binary, self.db, self.jobs = binary, db, jobs
        self.calls = 0

    def run(self, *args, check=False):
        self.calls += 1
        proc = subprocess.run([self.binary, *args[:1], '--db', self.db, *args[1:]],
                              capture_output=True)
        if check and proc.returncode != 0:
            raise RuntimeError('lkmine %s: exit %d: %s' % (
                ' '.join(args), proc.returncode, proc.stderr.decode('utf-8', 'replace')[-500:]))
        return proc

    def index(self, sources):
        proc = self.run('index', *sources)
        return proc.returncode, proc.stderr.decode('utf-8', 'replace')

    def stats(self):
        return json.loads(self.run('stats', '--json', check=True).stdout)

    def search(self, query, limit=1000000):
        """Message-IDs lkmine returns for `query`, or an error string."""
        proc = self.run('search', '--json', '--limit', str(limit), query)
        if proc.returncode != 0:
            return proc.stderr.decode('utf-8', 'replace').strip()
        out = []
        for line in proc.stdout.decode('utf-8', 'replace').splitlines():
            if line.strip():
                out.append(json.loads(line)['message_id'])
        return out

    def show(self, msgid):
        proc = self.run('show', '--json', msgid)
        if proc.returncode != 0:
            return None
        return json.loads(proc.stdout.decode('utf-8', 'replace'))

    def many(self, fn, items):
        """fn over items, `jobs` lkmine processes at a time; results in order."""
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            return list(pool.map(fn, items))
