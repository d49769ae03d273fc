#!/usr/bin/env python3
"""How far a second blind reading of corpus documents agrees with the first, on due days.

Usage: agree.py [SECOND_DIR] [--assemble OUT]
SECOND_DIR (default: second-reading/ beside this script) holds SPLIT/NAME.toml, a second
annotation of tests/corpus/SPLIT/NAME.txt made by someone who saw neither the first annotation
nor the program. The first annotation is taken as expected and the second as found: a pair
needs a shared due date (or the same event rule and days) and quotes within WINDOW characters
(env, default 400; 0 = anywhere in the text); a duty left over counts as found when a paired
duty with its due day names all its holders (the evaluator's rule for holder lists).
--assemble OUT copies each text with its SECOND annotation into OUT, so that
`dondoc draft --evaluate OUT` measures the drafter against the second reading."""

import sys, glob, os, tomllib, unicodedata, re
WINDOW = int(os.environ.get('WINDOW', '400'))
def fold(s):
    s = unicodedata.normalize('NFD', s.lower()).replace('đ', 'd')
    return ''.join(c for c in s if unicodedata.category(c) != 'Mn')
def words(s): return [w for w in re.split(r'\W+', fold(s)) if w]
def same(a, b):
    wa, wb = words(a), words(b)
    s, l = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return bool(s) and sum(w in l for w in s) / len(s) >= 0.6
def key(o):
    if o.get('rule') in ('after_event', 'before_event'): return ('ev', o['rule'], o.get('days'))
    if o.get('rule') == 'standing': return None
    d = set(o.get('dues', []))
    if o.get('first_due'): d.add(str(o['first_due']))
    return ('d', frozenset(str(x) for x in d))
def compat(a, b):
    ka, kb = key(a), key(b)
    if not ka or not kb or ka[0] != kb[0]: return False
    if ka[0] == 'ev': return ka[1] == kb[1] and (ka[2] is None or kb[2] is None or ka[2] == kb[2])
    return bool(ka[1] & kb[1])
def pos(text, q):
    i = text.find(q)
    if i < 0: i = fold(text).find(fold(q))
    return i
def near(text, a, b):
    if WINDOW <= 0: return True
    pa, pb = pos(text, a['quote']), pos(text, b['quote'])
    return pa >= 0 and pb >= 0 and abs(pa - pb) <= WINDOW
def matching(edges, n):
    partner = [None] * n
    def aug(u, seen):
        for v in edges[u]:
            if v in seen: continue
            seen.add(v)
            if partner[v] is None or aug(partner[v], seen):
                partner[v] = u; return True
        return False
    for u in range(len(edges)): aug(u, set())
    return {partner[v]: v for v in range(n) if partner[v] is not None}
def names_all(holders, names): return all(any(same(h, n) for n in names) for h in holders)
def score(dx, dy):
    tot = [0, 0, 0, 0]  # correct(prec), found(rec), drafted, expected
    per = []
    for t in sorted(glob.glob(f'{dx}/*.toml')):
        n = os.path.basename(t)
        ty = f'{dy}/{n}'
        if not os.path.exists(ty): continue
        text = open(t[:-5] + '.txt', encoding='utf-8').read()
        X = [o for o in tomllib.load(open(t, 'rb')).get('obligation', []) if o.get('rule') != 'standing']
        Y = [o for o in tomllib.load(open(ty, 'rb')).get('obligation', []) if o.get('rule') != 'standing']
        edges = [[j for j, y in enumerate(Y) if compat(x, y) and near(text, x, y)] for x in X]
        m = matching(edges, len(Y))
        paired_y = set(m.values())
        shared = sum(1 for i, x in enumerate(X) if i not in m and any(
            compat(x, Y[j]) and near(text, x, Y[j]) and names_all(x.get('assignee', []), Y[j].get('assignee', []))
            for j in paired_y))
        rev = {v: k for k, v in m.items()}
        split = sum(1 for j, y in enumerate(Y) if j not in paired_y and any(
            compat(X[i], y) and near(text, X[i], y) and names_all(y.get('assignee', []), X[i].get('assignee', []))
            for i in m))
        c = len(m)
        tot[0] += c + split; tot[1] += c + shared; tot[2] += len(Y); tot[3] += len(X)
        per.append((n, len(X), len(Y), c))
    p = tot[0] / tot[2] if tot[2] else 1; r = tot[1] / tot[3] if tot[3] else 1
    return p, r, tot, per
def pairs_from(second):
    here = os.path.dirname(os.path.abspath(__file__))
    for t in sorted(glob.glob(f'{second}/*/*.toml')):
        split, name = t.split(os.sep)[-2:]
        yield t, os.path.join(here, split, name)
if __name__ == '__main__':
    args = sys.argv[1:]
    here = os.path.dirname(os.path.abspath(__file__))
    out = None
    if '--assemble' in args:
        i = args.index('--assemble'); out = args[i + 1]; del args[i:i + 2]
    second = args[0] if args else os.path.join(here, 'second-reading')
    import shutil, tempfile
    if out:
        os.makedirs(out, exist_ok=True)
        for t, first in pairs_from(second):
            n = t.split(os.sep)[-2] + '--' + os.path.basename(t)
            shutil.copy(t, os.path.join(out, n)); shutil.copy(first[:-5] + '.txt', os.path.join(out, n[:-5] + '.txt'))
        sys.exit(0)
    dx, dy = tempfile.mkdtemp(), tempfile.mkdtemp()
    for t, first in pairs_from(second):
        n = t.split(os.sep)[-2] + '--' + os.path.basename(t)
        shutil.copy(first, os.path.join(dx, n)); shutil.copy(first[:-5] + '.txt', os.path.join(dx, n[:-5] + '.txt'))
        shutil.copy(t, os.path.join(dy, n))
    p, r, tot, per = score(dx, dy)
    if os.environ.get('PER'):
        for x in per: print(*x)
    print(f'P {p:.3f} R {r:.3f}  (correct {tot[0]}, found {tot[1]}, of Y {tot[2]}, of X {tot[3]})')
