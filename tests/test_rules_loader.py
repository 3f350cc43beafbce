import pytest

from sitrep.errors import RuleError
from sitrep.rules import DATA_DIR, load_jsonl, load_rules


def test_malformed_rule_files_name_file_and_line(tmp_path):
    p = tmp_path / "r.jsonl"
    p.write_text('{"id": "a"}\n// a comment\n\n{"id": "a"}\n')
    with pytest.raises(RuleError, match=r"r.jsonl:4: duplicate rule id 'a'"):
        load_jsonl(p)
    p.write_text('{"id": "a"}\n{not json}\n')
    with pytest.raises(RuleError, match=r"r.jsonl:2: not valid JSON"):
        load_jsonl(p)
    p.write_text('{"name": "x"}\n')
    with pytest.raises(RuleError, match=r"r.jsonl:1: missing id"):
        load_jsonl(p)


def test_every_builtin_rule_file_loads():
    files = sorted(DATA_DIR.glob("*.jsonl"))
    assert files, "no rule files shipped"
    for path in files:
        assert load_jsonl(path), path


def test_user_rules_override_builtin_by_id(tmp_path):
    name = sorted(DATA_DIR.glob("*.jsonl"))[0].name
    builtin = load_rules(name)
    first = dict(builtin[0])
    first["_user_marker"] = True
    import json

    (tmp_path / name).write_text(json.dumps(first) + "\n" + json.dumps({"id": "user.extra.rule"}) + "\n")
    merged = load_rules(name, extra_dir=str(tmp_path))
    by_id = {r["id"]: r for r in merged}
    assert by_id[first["id"]]["_user_marker"] is True
    assert "user.extra.rule" in by_id
    assert len(merged) == len(builtin) + 1
