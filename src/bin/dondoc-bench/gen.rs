//! The generator: synthetic but realistic directories and schedules at a given size, written
//! as the real files `dondoc check` reads (config.toml, directory/*.toml, schedules/*.toml,
//! holidays copied from the project), plus the same quarterly obligations as a remind file.
//! Deterministic: the same size and seed give byte-identical files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// The year every generated plan runs in (holiday files exist for it).
pub const YEAR: i32 = 2025;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub name: &'static str,
    pub units: usize,
    pub plans: usize,
    /// Provinces (or one district): each has its own People's Committee, steering committee,
    /// police, departments and communes.
    pub regions: usize,
    /// Departments (phòng/sở) per region.
    pub departments: usize,
}

pub const SIZES: [Size; 4] = [
    Size {
        name: "tiny",
        units: 12,
        plans: 3,
        regions: 1,
        departments: 3,
    },
    Size {
        name: "district",
        units: 50,
        plans: 20,
        regions: 1,
        departments: 7,
    },
    Size {
        name: "province",
        units: 1_000,
        plans: 200,
        regions: 1,
        departments: 17,
    },
    Size {
        name: "nation",
        units: 10_000,
        plans: 1_000,
        regions: 34,
        departments: 11,
    },
];

pub fn size(name: &str) -> anyhow::Result<Size> {
    match SIZES.iter().find(|s| s.name == name) {
        Some(s) => Ok(*s),
        None => bail!("unknown size `{name}` (tiny, district, province, nation)"),
    }
}

/// Communes per cluster ("UBND các xã, phường" of one former district).
const CLUSTER: usize = 40;

/// splitmix64: small, deterministic, good enough to vary shapes.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const DEPARTMENTS: [&str; 20] = [
    "Nội vụ",
    "Tư pháp",
    "Tài chính",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Văn hóa, Thể thao và Du lịch",
    "Nông nghiệp và Môi trường",
    "Xây dựng",
    "Công Thương",
    "Khoa học và Công nghệ",
    "Dân tộc và Tôn giáo",
    "Thanh tra",
    "Văn phòng",
    "Lao động",
    "Kế hoạch",
    "Giao thông",
    "Thông tin",
    "Ngoại vụ",
    "Quốc phòng",
    "Tài nguyên",
];

/// One region's unit ids, as the schedules refer to them.
struct Region {
    code: String,
    name: String,
    departments: Vec<String>,
    /// Commune group ids, one per cluster, with their members.
    clusters: Vec<(String, Vec<String>)>,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub config: PathBuf,
    /// The same world with only the quarterly obligations (for the remind comparison).
    pub quarterly_config: PathBuf,
    pub remind_file: PathBuf,
    pub units: usize,
    pub groups: usize,
    pub plans: usize,
    pub obligations: usize,
    pub quarterly_obligations: usize,
    /// Quarterly obligation × assignee pairs (each owes 4 occurrences a year).
    pub quarterly_pairs: usize,
    /// Communes (the units the HTTP load asks about).
    pub communes: Vec<String>,
}

fn q(s: &str) -> String {
    // TOML basic string; our text never holds quotes, backslashes or control characters.
    format!("\"{s}\"")
}

fn unit(out: &mut String, id: &str, name: &str, short: &str, sup: Option<&str>, n: usize) {
    let _ = writeln!(out, "[[unit]]\nid = {}\nname = {}", q(id), q(name));
    let _ = writeln!(out, "short = {}", q(short));
    if let Some(s) = sup {
        let _ = writeln!(out, "supervisor = {}", q(s));
    }
    let _ = writeln!(
        out,
        "[unit.contacts]\nemail = [{}]",
        q(&format!("{id}@example.org"))
    );
    if n.is_multiple_of(7) {
        let _ = writeln!(out, "zalo_group = [{}]", q(&format!("zg-{id}")));
    }
    out.push('\n');
}

fn group(out: &mut String, id: &str, name: &str, members: &[String]) {
    let _ = writeln!(
        out,
        "[[group]]\nid = {}\nname = {}\nmembers = [",
        q(id),
        q(name)
    );
    for m in members {
        let _ = writeln!(out, "  {},", q(m));
    }
    out.push_str("]\n\n");
}

/// Writes the directory of one region; returns its ids.
fn region(size: &Size, r: usize, units: usize, g: &mut Generated) -> (String, Region) {
    let code = if size.regions == 1 {
        format!("{}-r0", size.name)
    } else {
        format!("t{r:02}")
    };
    let name = if size.regions == 1 {
        if size.name == "district" || size.name == "tiny" {
            "huyện Mẫu Sơn".to_owned()
        } else {
            "tỉnh Mẫu Sơn".to_owned()
        }
    } else {
        format!("tỉnh Mẫu Sơn {r:02}")
    };
    let level = if name.starts_with("huyện") {
        "phòng"
    } else {
        "Sở"
    };
    let mut out = format!(
        "# Generated by dondoc-bench: synthetic units of {name} (shapes of directory/*.toml).\n\n"
    );
    let ubnd = format!("ubnd-{code}");
    let bcd = format!("bcd-{code}");
    let ca = format!("ca-{code}");
    unit(
        &mut out,
        &ubnd,
        &format!("Ủy ban nhân dân {name}"),
        "UBND",
        None,
        1,
    );
    unit(
        &mut out,
        &bcd,
        &format!("Ban Chỉ đạo 138 {name}"),
        "BCĐ 138",
        Some(&ubnd),
        2,
    );
    unit(
        &mut out,
        &ca,
        &format!("Công an {name}"),
        "CA",
        Some(&ubnd),
        3,
    );
    let mut departments = Vec::new();
    for d in 0..size.departments {
        let id = format!("so-{d:02}-{code}");
        let title = DEPARTMENTS[d % DEPARTMENTS.len()];
        unit(
            &mut out,
            &id,
            &format!("{level} {title} {name}"),
            &format!("{level} {d:02}"),
            Some(&ubnd),
            d,
        );
        departments.push(id);
    }
    let communes_n = units - 3 - size.departments;
    let mut communes = Vec::new();
    for c in 0..communes_n {
        let id = format!("ubnd-xa-{c:04}-{code}");
        let kind = if c % 5 == 0 { "phường" } else { "xã" };
        unit(
            &mut out,
            &id,
            &format!("Ủy ban nhân dân {kind} Số {c} ({name})"),
            &format!("UBND {kind} {c}"),
            Some(&ubnd),
            c + 3,
        );
        communes.push(id);
    }
    out.push_str("# ---------------------------------------------------------------- groups\n\n");
    group(
        &mut out,
        &format!("thanh-vien-bcd-{code}"),
        &format!("Các cơ quan, đơn vị thành viên Ban Chỉ đạo 138 {name}"),
        &departments,
    );
    g.groups += 1;
    let mut clusters = Vec::new();
    for (j, chunk) in communes.chunks(CLUSTER).enumerate() {
        let id = format!("ubnd-xa-phuong-{code}-c{j:02}");
        group(
            &mut out,
            &id,
            &format!("Ủy ban nhân dân các xã, phường cụm {j} ({name})"),
            chunk,
        );
        g.groups += 1;
        clusters.push((id, chunk.to_vec()));
    }
    g.units += units;
    g.communes.extend(communes);
    (
        out,
        Region {
            code,
            name,
            departments,
            clusters,
        },
    )
}

/// One obligation as written in a schedule file.
struct Ob<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'a str,
    clause: &'a str,
    quote: &'a str,
    assignees: Vec<String>,
    recipient: String,
    via: Option<String>,
    due: String,
    quarterly: bool,
}

fn write_ob(out: &mut String, o: &Ob, escalate: &str) {
    let _ = writeln!(
        out,
        "[[obligation]]\nid = {}\ntitle = {}",
        q(o.id),
        q(o.title)
    );
    let _ = writeln!(
        out,
        "kind = {}\nclause = {}\nquote = {}",
        q(o.kind),
        q(o.clause),
        q(o.quote)
    );
    let list: Vec<String> = o.assignees.iter().map(|a| q(a)).collect();
    let _ = writeln!(out, "assignees = [{}]", list.join(", "));
    let _ = writeln!(out, "recipient = {}", q(&o.recipient));
    if let Some(v) = &o.via {
        let _ = writeln!(out, "via = {}", q(v));
    }
    let _ = writeln!(out, "escalate_to = {}\ndue = {}\n", q(escalate), o.due);
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Generates `size` into `dir` (which must not exist or be empty), seeded by `seed`.
/// `holidays` is the project's holidays folder, copied in.
pub fn generate(size: &Size, seed: u64, dir: &Path, holidays: &Path) -> anyhow::Result<Generated> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        bail!("{} exists and is not empty", dir.display());
    }
    for sub in ["directory", "schedules", "schedules-quarterly", "holidays"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    for entry in std::fs::read_dir(holidays)
        .with_context(|| format!("cannot read the holidays folder {}", holidays.display()))?
    {
        let p = entry?.path();
        if p.extension().is_some_and(|x| x == "toml") {
            std::fs::copy(&p, dir.join("holidays").join(p.file_name().unwrap()))?;
        }
    }
    let mut g = Generated {
        ..Default::default()
    };
    let mut rng = Rng::new(seed);

    // Units: split as evenly as the regions allow.
    let mut regions = Vec::new();
    for r in 0..size.regions {
        let units = size.units / size.regions + usize::from(r < size.units % size.regions);
        let (text, reg) = region(size, r, units, &mut g);
        std::fs::write(dir.join(format!("directory/{}.toml", reg.code)), text)?;
        regions.push(reg);
    }

    let mut rem = format!(
        "# Generated by dondoc-bench: the quarterly obligations of the {} world, one REM per\n\
         # assignee and quarter (\"trước ngày 13 của tháng cuối quý\").\n",
        size.name
    );
    for p in 0..size.plans {
        let reg = &regions[p % size.regions];
        let (cluster, members) = reg.clusters[(p / size.regions) % reg.clusters.len()].clone();
        let ubnd = format!("ubnd-{}", reg.code);
        let bcd = format!("bcd-{}", reg.code);
        let ca = format!("ca-{}", reg.code);
        let members_bcd = format!("thanh-vien-bcd-{}", reg.code);
        let plan_id = format!("kh-{:04}-{}", p, reg.code);
        let number = 100 + p % 400;
        let issued_day = 1 + rng.below(20);
        let shift = match rng.below(3) {
            0 => "none",
            1 => "next_working_day",
            _ => "none",
        };
        let mut obs: Vec<Ob> = Vec::new();
        // Quarterly report to the steering committee via the police (seed 000 IV.1).
        obs.push(Ob {
            id: "bao-cao-quy",
            title: "Báo cáo tình hình, kết quả triển khai thực hiện kế hoạch",
            kind: "report",
            clause: "IV.1",
            quote: "Định kỳ hàng quý (trước ngày 13 của tháng cuối quý) báo cáo tình hình, kết quả triển khai thực hiện gửi về Ban Chỉ đạo (qua Công an - Cơ quan Thường trực).",
            assignees: vec![members_bcd.clone(), cluster.clone()],
            recipient: bcd.clone(),
            via: Some(ca.clone()),
            due: "{ rule = \"quarterly\", month_of_quarter = 3, day = 13 }".into(),
            quarterly: true,
        });
        // Monthly briefing of each commune (seed 004 monthly reports).
        if rng.chance(85) {
            obs.push(Ob {
                id: "bao-cao-thang",
                title: "Báo cáo kết quả thực hiện hàng tháng",
                kind: "report",
                clause: "IV.2",
                quote: "Hàng tháng, trước ngày 20, UBND các xã, phường báo cáo kết quả thực hiện về Công an.",
                assignees: vec![cluster.clone()],
                recipient: ca.clone(),
                via: None,
                due: "{ rule = \"monthly\", day = 20 }".into(),
                quarterly: false,
            });
        }
        // Monthly internal duty with no day: inferred from the reporting calendar.
        if rng.chance(70) {
            obs.push(Ob {
                id: "giao-ban-hang-thang",
                title: "Đánh giá kết quả tại cuộc họp giao ban hàng tháng",
                kind: "task",
                clause: "III.9",
                quote: "Duy trì đánh giá kết quả thực hiện tại các cuộc họp giao ban định kỳ hàng tháng của địa phương.",
                assignees: vec![cluster.clone()],
                recipient: ca.clone(),
                via: None,
                due: "{ rule = \"periodic\", every = \"month\" }".into(),
                quarterly: false,
            });
        }
        // Yearly nomination before 15/10 (seed 000 IV.2).
        obs.push(Ob {
            id: "de-nghi-cong-nhan",
            title: "Đề nghị xét, công nhận mô hình",
            kind: "report",
            clause: "IV.3",
            quote: "Thời gian đề nghị xét, công nhận mô hình là trước ngày 15/10 hàng năm.",
            assignees: vec![cluster.clone()],
            recipient: ubnd.clone(),
            via: Some(ca.clone()),
            due: "{ rule = \"yearly\", month = 10, day = 15 }".into(),
            quarterly: false,
        });
        // Half-yearly and yearly reviews by the departments (seed 003: 14/6 and 14/12).
        obs.push(Ob {
            id: "so-ket-6-thang",
            title: "Báo cáo sơ kết 06 tháng, tổng kết năm",
            kind: "report",
            clause: "IV.4",
            quote: "Định kỳ 06 tháng (trước ngày 14/6), 01 năm (trước ngày 14/12) báo cáo kết quả về UBND (qua Công an).",
            assignees: vec![members_bcd.clone()],
            recipient: ubnd.clone(),
            via: Some(ca.clone()),
            due: "{ rule = \"half_yearly\", month_of_half = 6, day = 14 }".into(),
            quarterly: false,
        });
        // A one-off launch task (seed 004: before 30/11/2021).
        let month = 2 + rng.below(10);
        let day = 1 + rng.below(28);
        obs.push(Ob {
            id: "trien-khai",
            title: "Xây dựng kế hoạch triển khai tại địa phương",
            kind: "task",
            clause: "IV.5",
            quote: "UBND các xã, phường xây dựng kế hoạch triển khai thực hiện, hoàn thành trước ngày ghi trong kế hoạch.",
            assignees: vec![cluster.clone()],
            recipient: ca.clone(),
            via: None,
            due: format!("{{ rule = \"once\", date = \"{YEAR}-{month:02}-{day:02}\" }}"),
            quarterly: false,
        });
        // Weekly patrols by the police (seed 004), in some plans.
        if rng.chance(30) {
            obs.push(Ob {
                id: "tuan-tra-hang-tuan",
                title: "Tuần tra, kiểm soát và báo cáo hàng tuần",
                kind: "task",
                clause: "III.2",
                quote: "Hàng tuần tổ chức tuần tra, kiểm soát, báo cáo kết quả.",
                assignees: vec![ca.clone()],
                recipient: bcd.clone(),
                via: None,
                due: "{ rule = \"periodic\", every = \"week\" }".into(),
                quarterly: false,
            });
        }
        // The event day (seed 003: "Ngày hội ... 19/8").
        if rng.chance(40) {
            obs.push(Ob {
                id: "ngay-hoi",
                title: "Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc",
                kind: "event",
                clause: "II.6",
                quote: "Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc (ngày 19/8).",
                assignees: vec![cluster.clone()],
                recipient: ubnd.clone(),
                via: None,
                due: format!("{{ rule = \"once\", date = \"{YEAR}-08-19\" }}"),
                quarterly: false,
            });
        }

        let header = |title: &str| {
            format!(
                "# Generated by dondoc-bench ({} size, seed {seed}): synthetic plan {p} of {}.\n\n\
                 [plan]\nid = {}\nnumber = {}\nissuer = {}\nissued = \"{}-01-{:02}\"\n\
                 title = {}\nsource = {}\nvalid_from = \"{YEAR}-01-01\"\nvalid_until = \"{YEAR}-12-31\"\n\
                 shift = {}\n\n",
                size.name,
                reg.name,
                q(&plan_id),
                q(&format!("{number}/KH-UBND")),
                q(&format!("Ủy ban nhân dân {}", reg.name)),
                YEAR,
                issued_day,
                q(title),
                q(&format!("synthetic-{p:04}.txt")),
                q(shift),
            )
        };
        let title = format!("Thực hiện phong trào số {p} năm {YEAR}");
        let mut all = header(&title);
        let mut quarterly = header(&title);
        for o in &obs {
            write_ob(&mut all, o, &ubnd);
            g.obligations += 1;
            if o.quarterly {
                write_ob(&mut quarterly, o, &ubnd);
                g.quarterly_obligations += 1;
                // The same pairs for remind: every department and every commune of the cluster.
                for a in reg.departments.iter().chain(members.iter()) {
                    g.quarterly_pairs += 1;
                    for m in [2usize, 5, 8, 11] {
                        let _ = writeln!(
                            rem,
                            "REM 13 {} {YEAR} MSG {plan_id}/{}/{a} {}",
                            MONTHS[m], o.id, o.title
                        );
                    }
                }
            }
        }
        let file = format!("{p:04}-{plan_id}.toml");
        std::fs::write(dir.join("schedules").join(&file), all)?;
        std::fs::write(dir.join("schedules-quarterly").join(&file), quarterly)?;
        g.plans += 1;
    }
    // remind's trigger is "on the 13th"; dondoc's due instant is 00:00 of the 13th (the last
    // day on time is the 12th, or earlier/later with the plan's shift rule).
    g.remind_file = dir.join("quarterly.rem");
    std::fs::write(&g.remind_file, rem)?;

    let config = |schedules: &str| {
        format!(
            "# Generated by dondoc-bench ({} size). Everything else at its default.\n\n\
             [paths]\nschedules = {}\ndirectory = \"directory\"\nholidays = \"holidays\"\n\n\
             [outbox]\ndir = \"var/outbox\"\n",
            size.name,
            q(schedules)
        )
    };
    g.config = dir.join("config.toml");
    std::fs::write(&g.config, config("schedules"))?;
    g.quarterly_config = dir.join("config-quarterly.toml");
    std::fs::write(&g.quarterly_config, config("schedules-quarterly"))?;
    Ok(g)
}
