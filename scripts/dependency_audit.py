"""The dependency audit (.ci/run): pip-audit over the installed packages, reported plainly.

pip-audit skips every package whose vulnerability data it cannot fetch (no network, or a
registry mirror without PyPI's JSON API) and still ends with "No known vulnerabilities found".
This says how many packages were audited and names those that were not. It fails on any known
vulnerability and, with --require-all, also when any package could not be audited: use that
where the vulnerability service is reachable (README, Security).

    python -m scripts.dependency_audit [--require-all] [--service pypi|osv] [--input report.json]
"""

import argparse
import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def project_name():
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["name"]


def run_pip_audit(service):
    pip_audit = Path(sys.executable).parent / "pip-audit"
    result = subprocess.run(
        [str(pip_audit), "--format", "json", "--progress-spinner", "off", "--skip-editable",
         "--vulnerability-service", service],
        capture_output=True, text=True,
    )
    if not result.stdout.strip():
        sys.exit(f"pip-audit gave no report (exit {result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout)


def summarize(report, require_all=False, own=None):
    """The report's lines and the exit code: 1 on a known vulnerability, or on a package not
    audited when `require_all`."""
    own = own or project_name()
    packages = [p for p in report["dependencies"] if p["name"] != own]  # ours is not on PyPI
    skipped = sorted((p for p in packages if "skip_reason" in p), key=lambda p: p["name"])
    audited = sorted((p for p in packages if "skip_reason" not in p), key=lambda p: p["name"])
    vulnerable = [p for p in audited if p.get("vulns")]

    lines = [f"Audited: {len(audited)} of {len(packages)} packages."]
    if audited:
        lines.append("  " + ", ".join(f"{p['name']} {p['version']}" for p in audited))
    if skipped:
        lines.append(f"NOT audited: {len(skipped)} of {len(packages)} packages (no vulnerability data here):")
        lines.append("  " + ", ".join(p["name"] for p in skipped))
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            lines.append(f"VULNERABLE: {package['name']} {package['version']}: {vuln['id']} (fixed in {fixed})")

    if vulnerable:
        lines.append(f"RESULT: FAILED, known vulnerabilities in {len(vulnerable)} packages.")
        return lines, 1
    if skipped:
        verdict = "FAILED" if require_all else "INCOMPLETE"
        lines.append(f"RESULT: {verdict}, no known vulnerabilities in the {len(audited)} audited packages; "
                     f"{len(skipped)} packages were NOT audited. Run the audit where the vulnerability "
                     "service is reachable: python -m scripts.dependency_audit --require-all")
        return lines, 1 if require_all else 0
    lines.append(f"RESULT: passed, no known vulnerabilities in all {len(audited)} packages.")
    return lines, 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--require-all", action="store_true", help="fail when any package could not be audited")
    parser.add_argument("--service", default="pypi", choices=["pypi", "osv"], help="pip-audit's vulnerability service")
    parser.add_argument("--input", type=Path, help="a saved `pip-audit --format json` report instead of running it")
    args = parser.parse_args(argv)
    report = json.loads(args.input.read_text()) if args.input else run_pip_audit(args.service)
    lines, code = summarize(report, require_all=args.require_all)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
