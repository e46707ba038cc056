"""The dependency audit says plainly what it audited (issue 15, item 14): pip-audit skips
packages whose vulnerability data it cannot fetch and still prints "No known vulnerabilities
found"; scripts/dependency_audit.py names them and never reads as a pass for them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
SKIPPED = {"name": "wagtail", "skip_reason": "Dependency not found on PyPI and could not be audited: wagtail (8.0.1)"}
OURS = {"name": "bouwstenen-kennisbank", "skip_reason": "Dependency not found on PyPI and could not be audited"}
VULNERABLE = {"name": "jinja2", "version": "3.1.2", "vulns": [
    {"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": [], "description": "..."}]}


def audit(tmp_path, *packages, require_all=False):
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": list(packages), "fixes": []}))
    args = [sys.executable, "-m", "scripts.dependency_audit", "--input", str(report)]
    result = subprocess.run(args + (["--require-all"] if require_all else []), cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout


def test_packages_that_could_not_be_audited_are_named_and_never_pass(tmp_path):
    code, output = audit(tmp_path, CLEAN, SKIPPED, OURS)
    assert code == 0  # nothing known, but the report says it is incomplete
    assert "Audited: 1 of 2 packages." in output
    assert "NOT audited: 1 of 2 packages" in output and "wagtail" in output
    assert "RESULT: INCOMPLETE" in output
    assert "passed" not in output and "bouwstenen-kennisbank" not in output


def test_require_all_fails_when_a_package_could_not_be_audited(tmp_path):
    code, output = audit(tmp_path, CLEAN, SKIPPED, require_all=True)
    assert code == 1
    assert "RESULT: FAILED" in output


@pytest.mark.parametrize("require_all", [False, True])
def test_a_known_vulnerability_fails(tmp_path, require_all):
    code, output = audit(tmp_path, CLEAN, VULNERABLE, SKIPPED, require_all=require_all)
    assert code == 1
    assert "VULNERABLE: jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in output


def test_a_complete_clean_audit_passes(tmp_path):
    code, output = audit(tmp_path, CLEAN, OURS, require_all=True)
    assert code == 0
    assert "RESULT: passed, no known vulnerabilities in all 1 packages." in output
