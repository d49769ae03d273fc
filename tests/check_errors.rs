//! `dondoc check` on broken data: every problem printed as path:line:column: message, exit 2.

mod common;

use std::fs;
use std::path::Path;

const CONFIG: &str =
    "[paths]\nschedules = \"schedules\"\ndirectory = \"directory\"\nholidays = \"holidays\"\n";

const DIRECTORY: &str = r#"[[unit]]
id = "ubnd-x"
name = "UBND xã X"

[[unit]]
id = "ca-x"
name = "Công an xã X"
supervisor = "ubnd-x"
contacts = { email = ["ca@x.example.org"] }

[[group]]
id = "thon-x"
name = "Các thôn"
members = ["ca-x"]
"#;

const PLAN: &str = r#"[plan]
id = "kh-x"
issuer = "UBND xã X"
issued = "2024-01-10"
title = "Kế hoạch thử"
source = "x.txt"

[[obligation]]
id = "bao-cao-quy"
title = "Báo cáo quý"
kind = "report"
clause = "IV.1"
quote = "Định kỳ hàng quý (trước ngày 13 của tháng cuối quý) báo cáo."
assignees = ["thon-x"]
recipient = "ubnd-x"
via = "ca-x"
due = { rule = "quarterly", month_of_quarter = 3, day = 13 }
"#;

const HOLIDAYS: &str = "year = 2024\n[[day]]\ndate = \"2024-01-01\"\nname = \"Tết Dương lịch\"\n";

/// Writes a valid data set into `dir`, with `edit` applied to (file, text) pairs.
fn setup(dir: &Path, edit: impl Fn(&str, &str) -> String) {
    for sub in ["schedules", "directory", "holidays"] {
        fs::create_dir_all(dir.join(sub)).unwrap();
    }
    for (name, text) in [
        ("config.toml", CONFIG),
        ("directory/x.toml", DIRECTORY),
        ("schedules/kh-x.toml", PLAN),
        ("holidays/2024.toml", HOLIDAYS),
    ] {
        fs::write(dir.join(name), edit(name, text)).unwrap();
    }
}

/// Runs check on a data set changed by `edit`; returns (exit code, stderr lines).
fn check_with(edit: impl Fn(&str, &str) -> String) -> (i32, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    setup(tmp.path(), edit);
    let out = common::dondoc_in(tmp.path(), &["check"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    (
        out.status.code().unwrap(),
        stderr.lines().map(str::to_owned).collect(),
    )
}

/// Replaces `from` by `to` in file `file` only.
fn replace(
    file: &'static str,
    from: &'static str,
    to: &'static str,
) -> impl Fn(&str, &str) -> String {
    move |name, text| {
        if name == file {
            assert!(text.contains(from), "test setup: {from} not in {file}");
            text.replacen(from, to, 1)
        } else {
            text.to_owned()
        }
    }
}

fn assert_error(edit: impl Fn(&str, &str) -> String, location: &str, message: &str) {
    let (code, lines) = check_with(edit);
    assert_eq!(code, 2, "exit code; stderr: {lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(location) && l.contains(message)),
        "want a line starting with {location:?} containing {message:?}, got {lines:?}"
    );
}

#[test]
fn valid_data_passes() {
    let (code, lines) = check_with(|_, t| t.to_owned());
    assert_eq!(code, 0, "{lines:?}");
}

#[test]
fn unknown_key() {
    assert_error(
        replace(
            "schedules/kh-x.toml",
            "clause = \"IV.1\"",
            "clause = \"IV.1\"\ndeadline = \"x\"",
        ),
        "schedules/kh-x.toml:13:1:",
        "unknown field `deadline`",
    );
    assert_error(
        replace("config.toml", "[paths]", "[paths]\nschedule_dir = \"s\""),
        "config.toml:2:1:",
        "unknown field `schedule_dir`",
    );
    assert_error(
        replace("schedules/kh-x.toml", "day = 13 }", "day = 13, dya = 1 }"),
        "schedules/kh-x.toml:17:7:",
        "unknown field `dya`",
    );
}

#[test]
fn unknown_unit_id() {
    assert_error(
        replace(
            "schedules/kh-x.toml",
            "recipient = \"ubnd-x\"",
            "recipient = \"ubnd-y\"",
        ),
        "schedules/kh-x.toml:15:13:",
        "recipient: unknown unit id `ubnd-y`",
    );
    assert_error(
        replace(
            "directory/x.toml",
            "supervisor = \"ubnd-x\"",
            "supervisor = \"ubnd-z\"",
        ),
        "directory/x.toml:8:14:",
        "supervisor: unknown unit id `ubnd-z`",
    );
    assert_error(
        replace(
            "directory/x.toml",
            "members = [\"ca-x\"]",
            "members = [\"ca-x\", \"thon-y\"]",
        ),
        "directory/x.toml:14:20:",
        "members: unknown unit id `thon-y`",
    );
}

#[test]
fn impossible_date() {
    assert_error(
        replace(
            "schedules/kh-x.toml",
            "{ rule = \"quarterly\", month_of_quarter = 3, day = 13 }",
            "{ rule = \"once\", date = \"31/04/2024\" }",
        ),
        "schedules/kh-x.toml:17:7:",
        "due: `31/04/2024` is not a date that exists",
    );
    assert_error(
        replace(
            "schedules/kh-x.toml",
            "{ rule = \"quarterly\", month_of_quarter = 3, day = 13 }",
            "{ rule = \"yearly\", month = 4, day = 31 }",
        ),
        "schedules/kh-x.toml:17:7:",
        "day 31 does not exist in month 4",
    );
    assert_error(
        replace(
            "schedules/kh-x.toml",
            "issued = \"2024-01-10\"",
            "issued = \"2024-04-31\"",
        ),
        "schedules/kh-x.toml:4:10:",
        "plan.issued: `2024-04-31` is not a date that exists",
    );
    assert_error(
        replace("holidays/2024.toml", "2024-01-01", "2024-02-30"),
        "holidays/2024.toml:3:8:",
        "is not a date that exists",
    );
}

#[test]
fn empty_group() {
    assert_error(
        replace("directory/x.toml", "members = [\"ca-x\"]", "members = []"),
        "directory/x.toml:14:11:",
        "group `thon-x` has no members",
    );
}

#[test]
fn duplicate_ids() {
    assert_error(
        replace("directory/x.toml", "id = \"ca-x\"", "id = \"ubnd-x\""),
        "directory/x.toml:6:6:",
        "duplicate id `ubnd-x` (first defined at ",
    );
    let dup_obligation = PLAN.split("[[obligation]]").nth(1).unwrap().to_owned();
    assert_error(
        move |name, text| {
            if name == "schedules/kh-x.toml" {
                format!("{text}\n[[obligation]]{dup_obligation}")
            } else {
                text.to_owned()
            }
        },
        "schedules/kh-x.toml:20:6:",
        "duplicate obligation id `bao-cao-quy` (first defined at line 9, column 6)",
    );
}

#[test]
fn duplicate_plan_id_across_files() {
    let tmp = tempfile::tempdir().unwrap();
    setup(tmp.path(), |_, t| t.to_owned());
    fs::write(tmp.path().join("schedules/kh-x-copy.toml"), PLAN).unwrap();
    let out = common::dondoc_in(tmp.path(), &["check"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // Files are read in name order: kh-x-copy.toml first, so kh-x.toml holds the duplicate.
    assert!(
        stderr.lines().any(|l| l.starts_with("schedules/kh-x.toml:2:6: duplicate plan id `kh-x` (already defined in schedules/kh-x-copy.toml)")),
        "{stderr}"
    );
}

#[test]
fn cron_syntax_error() {
    assert_error(
        replace(
            "schedules/kh-x.toml",
            "{ rule = \"quarterly\", month_of_quarter = 3, day = 13 }",
            "{ rule = \"cron\", expr = \"0 30 7 * * MONDAY-ISH\" }",
        ),
        "schedules/kh-x.toml:17:7:",
        "due: cron expression `0 30 7 * * MONDAY-ISH`",
    );
}

#[test]
fn group_cycle_and_toml_syntax() {
    assert_error(
        replace(
            "directory/x.toml",
            "members = [\"ca-x\"]",
            "members = [\"ca-x\", \"thon-x\"]",
        ),
        "directory/x.toml:12:6:",
        "group cycle: thon-x → thon-x",
    );
    assert_error(
        replace("schedules/kh-x.toml", "kind = \"report\"", "kind = report"),
        "schedules/kh-x.toml:11:8:",
        "",
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let (code, lines) = check_with(|name, text| match name {
        "directory/x.toml" => text.replace("members = [\"ca-x\"]", "members = []"),
        "schedules/kh-x.toml" => text.replace("recipient = \"ubnd-x\"", "recipient = \"nobody\""),
        "holidays/2024.toml" => text.replace("2024-01-01", "2023-01-01"),
        _ => text.to_owned(),
    });
    assert_eq!(code, 2);
    let problems: Vec<&String> = lines.iter().filter(|l| l.contains(".toml:")).collect();
    assert_eq!(problems.len(), 3, "{lines:?}");
    assert!(
        lines.last().unwrap().contains("3 problem(s) found"),
        "{lines:?}"
    );
}

#[test]
fn a_broken_template_override_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_project(dir.path());
    std::fs::create_dir_all(dir.path().join("my-templates")).unwrap();
    std::fs::write(
        dir.path().join("my-templates/message.subject.txt"),
        "[Nhắc hạn] {{ title }\n",
    )
    .unwrap();
    let cfg = dir.path().join("config.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        text.replace("# dir = \"templates\"", "dir = \"my-templates\""),
    )
    .unwrap();
    let out = common::dondoc_in(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("my-templates/message.subject.txt:1:"), "{err}");

    // An override of a template that no longer exists is named, not silently ignored.
    std::fs::remove_file(dir.path().join("my-templates/message.subject.txt")).unwrap();
    std::fs::write(
        dir.path().join("my-templates/notification.txt"),
        "Kính gửi: {{ addressee_name }}\n",
    )
    .unwrap();
    let out = common::dondoc_in(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("my-templates/notification.txt:1: not a template of dondoc"),
        "{err}"
    );
}

/// Runs check on a data set changed by `edit`; returns (exit code, stdout).
fn check_stdout(edit: impl Fn(&str, &str) -> String) -> (i32, String) {
    let tmp = tempfile::tempdir().unwrap();
    setup(tmp.path(), edit);
    let out = common::dondoc_in(tmp.path(), &["check"]);
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn successor_cycle_and_successors_without_an_end() {
    let cycle = |name: &str, text: &str| {
        if name == "directory/x.toml" {
            text.replacen(
                "name = \"UBND xã X\"\n",
                "name = \"UBND xã X\"\nvalid_until = \"2024-06-30\"\nsuccessors = [\"ca-x\"]\n",
                1,
            )
            .replacen(
                "supervisor = \"ubnd-x\"\n",
                "supervisor = \"ubnd-x\"\nvalid_until = \"2024-06-30\"\nsuccessors = [\"ubnd-x\"]\n",
                1,
            )
        } else {
            text.to_owned()
        }
    };
    assert_error(
        cycle,
        "directory/x.toml:12:15:",
        "successor cycle: ca-x → ubnd-x → ca-x",
    );
    assert_error(
        replace(
            "directory/x.toml",
            "name = \"UBND xã X\"\n",
            "name = \"UBND xã X\"\nsuccessors = [\"ca-x\"]\n",
        ),
        "directory/x.toml:4:15:",
        "`ubnd-x` has successors but no valid_until: say when it ended",
    );
}

#[test]
fn group_empty_on_a_date_it_is_used() {
    assert_error(
        replace(
            "directory/x.toml",
            "members = [\"ca-x\"]\n",
            "[[group.member]]\nid = \"ca-x\"\nvalid_until = \"2024-06-30\"\n",
        ),
        "schedules/kh-x.toml:14:14:",
        "group `thon-x` has no members on 01/07/2024 while `bao-cao-quy` is in force",
    );
}

#[test]
fn a_duty_whose_unit_ends_with_no_successor_is_a_warning() {
    let (code, out) = check_stdout(replace(
        "directory/x.toml",
        "supervisor = \"ubnd-x\"\n",
        "supervisor = \"ubnd-x\"\nvalid_until = \"2024-06-30\"\n",
    ));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("\n  schedules/kh-x.toml:14:14: warning: `bao-cao-quy` still falls due after units it names ended with no successor: 1 assignee unit(s) ended: `ca-x` after 30/06/2024"),
        "{out}"
    );
    // With a successor, nothing to warn about.
    let (code, out) = check_stdout(replace(
        "directory/x.toml",
        "supervisor = \"ubnd-x\"\n",
        "supervisor = \"ubnd-x\"\nvalid_until = \"2024-06-30\"\nsuccessors = [\"ubnd-x\"]\n",
    ));
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("still falls due"), "{out}");
}

#[test]
fn a_sample_group_is_a_warning() {
    let (code, out) = check_stdout(replace(
        "directory/x.toml",
        "members = [\"ca-x\"]\n",
        "members = [\"ca-x\"]\ncomplete = false\n",
    ));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "\n  directory/x.toml:12:6: warning: group `thon-x` is a sample (complete = false)"
        ),
        "{out}"
    );
}

#[test]
fn the_plans_own_wording_fits_a_one_off_rule_only() {
    assert_error(
        replace(
            "schedules/kh-x.toml",
            "clause = \"IV.1\"",
            "clause = \"IV.1\"\nwording = \"trước ngày 13 của tháng cuối quý\"",
        ),
        "schedules/kh-x.toml:13:11:",
        "wording: the plan's words fit a one-off rule only",
    );
}
