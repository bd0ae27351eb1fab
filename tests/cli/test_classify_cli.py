"""The classifier commands as a user runs them: classify, eval, label (and undo), reclassify."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from triage.cli import cli
from triage.core.categories import Category

PROBE = Path(__file__).parents[1] / "fixtures" / "classify" / "probe"
ME = "morgan@leestudio.example"


def test_classify_prints_category_confidence_and_reasons() -> None:
    result = CliRunner().invoke(
        cli, ["classify", "--me", ME, str(PROBE / "sales_pitch" / "003.eml")]
    )
    assert result.exit_code == 0, result.output
    first, *rest = result.output.splitlines()
    assert first.startswith(f"{PROBE / 'sales_pitch' / '003.eml'}: sales_pitch (Sales pitch), ")
    assert "confidence" in first
    assert any("pick_your_brain" in line and "pick your brain" in line for line in rest)


def test_classify_says_low_confidence_when_low(tmp_path: Path) -> None:
    mail = tmp_path / "weak.eml"
    mail.write_bytes(
        b"From: Sam <sam@x.example>\nTo: morgan@leestudio.example\nSubject: hi\n\n"
        b"Can we talk tomorrow? Best number?\n"
    )
    result = CliRunner().invoke(cli, ["classify", "--me", ME, str(mail)])
    assert result.exit_code == 0, result.output
    assert "low confidence" in result.output.splitlines()[0]


def test_classify_json_one_object_per_file() -> None:
    files = [str(PROBE / "opt_in" / "001.eml"), str(PROBE / "other" / "005.eml")]
    result = CliRunner().invoke(cli, ["classify", "--json", "--me", ME, *files])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.output.splitlines()]
    assert [o["category"] for o in objects] == ["opt_in", "other"]
    assert [o["file"] for o in objects] == files
    assert {"signal", "category", "weight", "evidence"} == set(objects[0]["reasons"][0])


def test_eval_json_has_exactly_the_documented_keys() -> None:
    result = CliRunner().invoke(cli, ["eval", "--json", str(PROBE)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) == {
        "macro_f1",
        "per_category",
        "confusion",
        "other_flagged",
        "misclassified",
    }
    assert set(report["per_category"]) == {c.value for c in Category}
    for scores in report["per_category"].values():
        assert set(scores) == {"precision", "recall", "f1", "support"}
    assert sum(s["support"] for s in report["per_category"].values()) == 43
    assert sum(sum(row.values()) for row in report["confusion"].values()) == 43
    assert report["macro_f1"] == 1.0
    assert report["other_flagged"] == 0
    assert report["misclassified"] == []


def test_eval_lists_misclassified_files_with_reasons(tmp_path: Path) -> None:
    # A pitch filed under other/ on purpose: the report must name it, with its reasons.
    corpus = tmp_path / "corpus"
    (corpus / "other").mkdir(parents=True)
    (corpus / "other" / "a.eml").write_bytes((PROBE / "sales_pitch" / "003.eml").read_bytes())
    (corpus / "other" / "b.eml").write_bytes((PROBE / "other" / "011.eml").read_bytes())
    result = CliRunner().invoke(cli, ["eval", "--json", "--me", ME, str(corpus)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["other_flagged"] == 1
    (item,) = report["misclassified"]
    assert item["file"] == "other/a.eml"
    assert (item["expected"], item["got"]) == ("other", "sales_pitch")
    assert any(r["signal"] == "pick_your_brain" for r in item["reasons"])
    assert report["per_category"]["other"]["recall"] == 0.5
    text = CliRunner().invoke(cli, ["eval", "--me", ME, str(corpus)])
    assert "other called an ask: 1" in text.output
    assert "other/a.eml: expected other, got sales_pitch" in text.output


def test_eval_without_owner_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "a.eml").write_bytes(b"Subject: x\n\nhi\n")
    env = {**os.environ, "TRIAGE_CONFIG": str(tmp_path / "none.toml")}
    done = subprocess.run(
        [sys.executable, "-m", "triage", "eval", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"eval error: {tmp_path}: no `owner:` line in README.md; give --me ADDRESS"
    ]
    empty = subprocess.run(
        [sys.executable, "-m", "triage", "eval", "--me", ME, str(tmp_path / "other")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert empty.returncode == 1
    assert "no .eml files" in empty.stderr


def test_label_and_undo_from_the_command_line() -> None:
    runner = CliRunner()
    imported = runner.invoke(cli, ["import", str(PROBE / "other")])
    assert imported.exit_code == 0, imported.output
    listed = [
        json.loads(line) for line in runner.invoke(cli, ["list", "--json"]).output.splitlines()
    ]
    target = listed[0]["id"]
    before = listed[0].get("category")

    done = runner.invoke(cli, ["label", str(target), "sales_pitch"])
    assert done.exit_code == 0, done.output
    assert f"message {target} labelled sales_pitch" in done.output
    rows = {
        r["id"]: r
        for r in map(json.loads, runner.invoke(cli, ["list", "--json"]).output.splitlines())
    }
    assert rows[target]["category"] == "sales_pitch"

    undone = runner.invoke(cli, ["label", "--undo"])
    assert undone.exit_code == 0, undone.output
    assert "undid correction" in undone.output
    rows = {
        r["id"]: r
        for r in map(json.loads, runner.invoke(cli, ["list", "--json"]).output.splitlines())
    }
    assert rows[target]["category"] == before

    again = runner.invoke(cli, ["label", "--undo"])
    assert again.exit_code != 0
    assert "no correction to undo" in str(again.exception)
    assert runner.invoke(cli, ["reclassify"]).output.startswith("reclassified 15 messages")


def test_label_help_documents_undo() -> None:
    result = CliRunner().invoke(cli, ["label", "--help"])
    assert "triage label --undo" in result.output
    assert "triage label 42 sales_pitch" in result.output
