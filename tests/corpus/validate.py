#!/usr/bin/env python3
"""Checks annotated corpus splits: every .toml parses and has its .txt, every quote occurs exactly
once in the .txt, no first_due (or dues) precedes issued, rules and event fields are consistent.
Usage: validate.py SPLIT_DIR [SPLIT_DIR ...]; prints one line per split, exits 1 on a problem.
(Each blind split's own validate.py runs this one on its folder: the collectors copied it so.)"""
import pathlib, sys, tomllib, datetime
RULES = {"one_off", "weekly", "monthly", "quarterly", "half_yearly", "yearly", "after_event", "before_event"}


def check(root):
    bad = 0; docs = 0; obls = 0
    for t in sorted(root.glob("*.toml")):
        docs += 1
        try:
            m = tomllib.loads(t.read_text(encoding="utf-8"))
        except Exception as e:
            print(f"{t.name}: TOML error {e}"); bad += 1; continue
        txt = t.with_suffix(".txt")
        if not txt.exists():
            print(f"{t.name}: missing .txt"); bad += 1; continue
        text = txt.read_text(encoding="utf-8")
        for k in ("source", "retrieved", "kind", "has_task_table", "excerpt", "notes"):
            if k not in m: print(f"{t.name}: missing {k}"); bad += 1
        issued = datetime.date.fromisoformat(m["issued"]) if "issued" in m else None
        for i, o in enumerate(m.get("obligation", [])):
            obls += 1
            q = o["quote"]; n = text.count(q)
            if n != 1: print(f"{t.name} #{i}: quote occurs {n} times: {q[:60]!r}"); bad += 1
            if o["rule"] not in RULES: print(f"{t.name} #{i}: unknown rule {o['rule']}"); bad += 1
            if o["rule"] in ("after_event", "before_event"):
                if "event" not in o or "days" not in o: print(f"{t.name} #{i}: {o['rule']} without event/days"); bad += 1
            else:
                if "first_due" not in o: print(f"{t.name} #{i}: no first_due"); bad += 1
                ds = [o["first_due"]] + o.get("dues", [])
                for d in ds:
                    dd = datetime.date.fromisoformat(d)
                    if issued and dd < issued: print(f"{t.name} #{i}: due {d} before issued {issued}"); bad += 1
                if "dues" in o and o["first_due"] not in o["dues"]:
                    print(f"{t.name} #{i}: first_due not among dues"); bad += 1
            if not isinstance(o.get("assignee"), list): print(f"{t.name} #{i}: assignee not a list"); bad += 1
    print(f"{docs} documents, {obls} obligations, {bad} problems")
    return bad


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    problems = sum(check(pathlib.Path(d)) for d in sys.argv[1:])
    sys.exit(1 if problems else 0)
