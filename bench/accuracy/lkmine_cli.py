# lkmine as a user runs it: `lkmine index`, `stats --json`, `search --json`, `show --json`,
# `thread --json` (many mails per run: MSGID - reads the ids from standard input).
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

    def show_many(self, msgids):
        """show --json of each id (None when lkmine has none), in order: `lkmine show --json -`
        reads the ids from standard input, so `jobs` processes answer them all."""
        return self.batch('show', msgids)

    def thread_many(self, msgids):
        """thread --json of each id (None when lkmine has none), in order."""
        return self.batch('thread', msgids)

    def batch(self, cmd, msgids):
        chunks = [msgids[i::self.jobs] for i in range(self.jobs)]

        def one(chunk):
            if not chunk:
                return []
            self.calls += 1
            proc = subprocess.run([self.binary, cmd, '--db', self.db, '--json', '-'],
                                  input=''.join(m + '\n' for m in chunk).encode(),
                                  capture_output=True)
            lines = [l for l in proc.stdout.decode('utf-8', 'replace').splitlines() if l.strip()]
            if len(lines) != len(chunk):
                raise RuntimeError('lkmine %s --json -: %d answers for %d ids (exit %d): %s' % (
                    cmd, len(lines), len(chunk), proc.returncode,
                    proc.stderr.decode('utf-8', 'replace')[-500:]))
            out = [json.loads(l) for l in lines]
            return [None if 'error' in o and len(o) == 2 else o for o in out]

        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            answers = list(pool.map(one, chunks))
        out = [None] * len(msgids)
        for j, got in enumerate(answers):
            out[j::self.jobs] = got
        return out

    def many(self, fn, items):
        """fn over items, `jobs` lkmine processes at a time; results in order."""
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            return list(pool.map(fn, items))
