"""A synthetic archive with the record mix of a real agency: up to 50 clients, about 200 records per
client and year (so 30,000 records span three years), job numbers per client and year, several
brands per client, the department's staff and client contacts by name, and Chinese titles built
the way AEs write them (brand, season, product, medium, a specific detail, an action), so that a
word from the middle of a title is a real query. `write_archive` returns what it wrote, for the
bench to pick its search queries from."""
from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

# Share of each record type in a year's filing (clients and brands are added per client).
MIX = {"meeting": 0.40, "weekly-status": 0.26, "job": 0.20, "budget-report": 0.06,
       "brand-history": 0.03, "competitive-report": 0.02, "client-issue": 0.015, "research-summary": 0.015}
PER_CLIENT = 200  # records per client and year
MAX_CLIENTS = 50  # an agency of 50 clients; more records mean more years
LAST_YEAR = 2026
AE = ["王芳", "李想", "赵一鸣", "孙悦"]  # staff of archive.toml (copied into the project)
AM = ["林晓岚", "陈默"]
# Client contacts: 600 names, so that one person turns up in a handful of records, as in life
CONTACTS = [s + g for s in "何张刘陈杨黄周吴徐孙马朱胡郭林高罗梁宋郑谢韩唐冯于董萧程曹袁" for g in "丽伟洋静帆磊敏桐婷浩骏琳斌嘉涛冰翔娟爽佳"]
FIRMS = "华信 青山 晨露 金穗 百川 远航 润田 嘉禾 星月 鼎盛 悦然 和丰 蓝湾 松柏 鹏程 安康 云杉 麦香 澄江 福瑞".split()
TRADES = [("食品", "零食"), ("乳业", "低温酸奶"), ("饮料", "茶饮"), ("汽车", "新能源车"), ("日化", "洗护"), ("家电", "厨电")]
BRAND_WORDS = "鲜酪 脆乐 E行 清源 小米粒 暖冬 晨光 轻盈 果园 优选 悦享 一口鲜 蓝莓派 极速 安心 萌宝".split()
SEASONS = "春节 元宵 春季 五一 端午 夏季 暑期 七夕 中秋 国庆 双十一 冬季 年货 开学季".split()
PRODUCTS = "新品 礼盒 限定款 家庭装 尝鲜装 会员日 旗舰店 新口味 经典款 周年庆".split()
MEDIA = "电视广告 户外广告 地铁灯箱 海报 短视频 直播 店头物料 社群活动 包装设计 杂志跨页 电梯广告 公关稿".split()
# A specific detail: flavours and forms make hundreds of rare words, used a few times each
FLAVOURS = "芒果 草莓 抹茶 椰子 荔枝 山楂 蜜桃 青柠 燕麦 红豆 黑芝麻 桂花 柚子 蓝莓 杏仁 核桃 乌龙 杨梅 菠萝 紫薯".split()
FORMS = "脆片 布丁 奶昔 冰棒 软糖 果冻 麦片 气泡水 酸奶杯 曲奇 蛋卷 饼干 月饼 果干 奶茶".split()
DETAILS = "演员肖像权 样片 分镜脚本 媒介排期 投放效果 价格标注 门店陈列 上刊监播 打样 比价 发票 配音 字幕 赠品 达人合作".split()
# Campaign themes (1,600 of them, in 40% of titles): the rare words a title carries in its middle
THEME_A = "暖心 悦享 清新 活力 安心 团圆 好运 轻松 鲜活 童趣 满分 元气 温暖 畅快 自在 美味 幸福 欢聚 闪耀 新生 心动 丰收 纯真 守护 奔跑 微笑 同行 乐享 随心 向上 惊喜 甜蜜 宝贝 家常 一起 回家 早安 晚安 热爱 晴天".split()
THEME_B = "相伴 时光 有你 每天 出发 家人 好味 一夏 开学 满屋 人生 成长 好礼 食光 心意 加油 团聚 此刻 四季 年华 滋味 故事 约定 旅程 邻里 星空 花开 日记 派对 奇遇 小馆 市集 课堂 乐园 实验室 计划 挑战 盛典 节拍 来信".split()
ACTIONS = "确认 修改 提案 复盘 预估 签字 沟通 交付 咨询 检查".split()
WORDS = ("品牌 新品 上市 电视广告 户外 促销 终端 陈列 消费者 调研 媒介 排期 预算 创意 提案 修改 客户 确认 投放 效果 渠道 包装 海报 视频 直播 门店 "
         "华东 华南 经销商 样片 脚本 分镜 剪辑 配音 签字 发票 比价 打样 印刷 上刊 监播 报表 复盘 竞品 价格 试吃 赠品 会员 小程序 社群 达人").split()


@dataclass
class Entry:
    """One written record, as the bench needs it to ask for it: its path and what people type."""

    path: str  # project-relative, e.g. clients/client-003/jobs/ACA-2025-0007/job.md
    type: str
    title: str = ""
    words: tuple[str, ...] = ()  # the title's words, in order
    job_no: str = ""
    name: str = ""  # a client's short name, a brand's name
    people: tuple[str, ...] = ()  # client contacts the record names


@dataclass
class Synthetic:
    """What `write_archive` wrote."""

    written: int
    entries: list[Entry] = field(default_factory=list)
    years: tuple[int, ...] = ()
    clients: int = 0


def shape(n: int) -> tuple[int, tuple[int, ...]]:
    """How many clients and which years an archive of `n` records spans (about 200 per client and year)."""
    clients = max(1, min(MAX_CLIENTS, round(n / PER_CLIENT)))
    years = max(1, round(n / (clients * PER_CLIENT)))
    return clients, tuple(range(LAST_YEAR - years + 1, LAST_YEAR + 1))


def _text(rng: random.Random, n: int) -> str:
    """Filler with enough variety (words, figures, dates) that two reports are not copies."""
    out = []
    for _ in range(n):
        out.append(rng.choice(WORDS))
        if rng.random() < 0.3:
            out.append(f"{rng.randint(2, 99)}{rng.choice(['家', '万元', '天', '%', '条', '个'])}")
        out.append(rng.choice(["，", "、", "。", ""]))
    return "".join(out)


def _title(rng: random.Random, brand: str) -> tuple[str, tuple[str, ...]]:
    """A title as AEs write one: 暖冬芒果脆片电视广告演员肖像权确认 (the detail sits in the middle)."""
    words = [rng.choice(SEASONS), rng.choice(FLAVOURS) + rng.choice(FORMS), rng.choice(MEDIA)]
    theme = f"{rng.choice(THEME_A)}{rng.choice(THEME_B)}" if rng.random() < 0.4 else ""
    if theme:
        words.insert(2, theme)
    if rng.random() < 0.5:
        words.insert(0, brand)
    words += [rng.choice(DETAILS), rng.choice(ACTIONS)]
    return "".join(f"「{w}」" if w == theme else w for w in words), tuple(words)


@cache
def _section_titles(type_: str) -> tuple[str, ...]:
    from generators.archive.schema import schemas
    return tuple(sec.title for sec in schemas()[type_].sections)


def _sections(rng: random.Random, type_: str, mention: str = "") -> str:
    """The body sections the schema asks for, each with its own text (the first names a job or a person)."""
    return "".join(f"## {t}\n\n{mention if i == 0 else ''}{_text(rng, 40)}\n\n" for i, t in enumerate(_section_titles(type_)))


def _front(pairs: dict) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs.items()) + "---\n"


def _code(c: int) -> str:
    return "".join(chr(65 + (c // 26 ** k) % 26) for k in range(3))


def write_archive(root: Path, n: int, seed: int = 7) -> Synthetic:
    """Write about `n` records under root/clients (plus archive.toml); returns what was written."""
    rng = random.Random(seed)
    repo = Path(__file__).resolve().parents[2]
    shutil.copy(repo / "archive.toml", root / "archive.toml")
    n_clients, years = shape(n)
    out = Synthetic(0, years=years, clients=n_clients)
    per_year = max(1.0, n / (n_clients * len(years)) - 3)  # records of a client and year, its own pages aside
    counts = {t: max(1, round(share * per_year)) for t, share in MIX.items()}
    for c in range(n_clients):
        cid, code = f"client-{c:03d}", _code(c)
        firm, (trade, category) = FIRMS[c % len(FIRMS)] + (f"{c // len(FIRMS)}" if c >= len(FIRMS) else ""), TRADES[c % len(TRADES)]
        short = f"{firm}{trade}"
        brands = [(f"brand-{b}", f"{firm}{BRAND_WORDS[(c + b * 7) % len(BRAND_WORDS)]}") for b in range(1 + c % 3)]
        base = root / "clients" / cid
        base.mkdir(parents=True)
        _write(base / "client.md", _front({
            "type": "client", "id": cid, "code": f'"{code}"', "name": f'"{short}股份有限公司"', "short_name": f'"{short}"',
            "class": rng.choice("ABCD"), "industry": trade, "status": "active", "since": f"{years[0]}-01-01",
            "team": f"\n  ad: 周志远\n  am: {rng.choice(AM)}\n  ae: [{rng.choice(AE)}]",
            "contract": f"\n  number: HT-{c:04d}\n  party_a: {short}股份有限公司\n  party_b: 星河广告有限公司\n  signed: {years[0]}-01-01"
                        f"\n  start: {years[0]}-01-01\n  end: {LAST_YEAR + 1}-12-31\n  amount: 1200000\n  amount_in_words: 壹佰贰拾万元整\n  payment_terms: 按月结算"})
            + _sections(rng, "client", f"市场部{rng.choice(CONTACTS)}经理负责日常对接。"))
        out.entries.append(Entry(f"clients/{cid}/client.md", "client", name=short))
        for bid, bname in brands:
            (base / "brands" / bid).mkdir(parents=True)
            _write(base / "brands" / bid / "brand.md", _front({
                "type": "brand", "id": bid, "client": cid, "name": f'"{bname}"', "category": category, "since": f"{years[0]}-01-01"})
                + _sections(rng, "brand"))
            out.entries.append(Entry(f"clients/{cid}/brands/{bid}/brand.md", "brand", name=bname))
        out.written += 1 + len(brands)
        for year in years:
            _client_year(rng, root, out, c, year, counts, brands)
    return out


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _client_year(rng: random.Random, root: Path, out: Synthetic, c: int, year: int, counts: dict[str, int], brands) -> None:
    """One client's records of one year."""
    cid, code = f"client-{c:03d}", _code(c)
    base = root / "clients" / cid
    start = date(year, 1, 5)
    span = 320  # the archive's as_of is 2026-11-20
    jobs: list[str] = []
    for type_, count in counts.items():
        for i in range(count):
            day = start + timedelta(days=(i * span) // count)
            bid, bname = rng.choice(brands)
            title, words = _title(rng, bname)
            who = rng.choice(CONTACTS)
            mention = f"{rng.choice(jobs)} 由{who}确认。" if jobs and rng.random() < 0.5 else f"客户方{who}参加。"
            body = _sections(rng, type_, mention)
            entry = Entry("", type_, title, words, people=(who,))
            if type_ == "job":
                job_no = f"{code}-{year}-{i + 1:04d}"
                jobs.append(job_no)
                path = base / "jobs" / job_no / "job.md"
                entry.job_no = job_no
                text = _front({"type": "job", "job_no": f'"{job_no}"', "client": cid, "brand": bid,
                               "title": f'"{title}"', "kind": rng.choice(["creative", "media", "production"]), "ae": rng.choice(AE),
                               "am": rng.choice(AM), "opened": day, "due": day + timedelta(days=30),
                               "status": "brief",  # a closed job needs its estimate, schedule and close-out; brief is valid
                               "brief": f"\n  date: {day}\n  ad: 周志远\n  cd: 吴迪"}) + body
            elif type_ == "meeting":
                path = base / "meetings" / f"{day}-m{i}.md"
                text = _front({"type": "meeting", "client": cid, "title": f'"{title}"', "kind": rng.choice(["meeting", "visit", "visit", "phone"]),
                               "held_at": f'"{day} 10:00"', "sent_at": f'"{day} 17:00"', "acknowledged_at": f'"{day} 18:00"',
                               "attendees": f"\n  client: [{who}]\n  agency: [{rng.choice(AE)}]",
                               "actions": f"\n  - what: 提交修改稿\n    owner: {rng.choice(AE)}\n    due: {day + timedelta(days=3)}\n    done: {day + timedelta(days=2)}"}) + body
            elif type_ == "weekly-status":
                iso = (start + timedelta(days=7 * (i % 52))).isocalendar()
                path = base / "reports" / "weekly" / f"{iso.year}-W{iso.week:02d}.md"
                entry.title, entry.words = "", ()
                text = _front({"type": "weekly-status", "client": cid, "week": f'"{iso.year}-W{iso.week:02d}"', "authors": f"[{rng.choice(AE)}, {rng.choice(AM)}]"}) + body
            elif type_ == "budget-report":
                month = f"{year}-{i % 12 + 1:02d}"
                path = base / "reports" / "monthly" / f"{month}.md"
                entry.title, entry.words = "", ()
                lines = "\n  media: {annual_budget: 1000000, executed: 400000, in_progress: 100000, remaining: 500000}" \
                        "\n  production: {annual_budget: 300000, executed: 100000, in_progress: 50000, remaining: 150000}"
                text = _front({"type": "budget-report", "client": cid, "month": f'"{month}"', "lines": lines}) + body
            elif type_ == "brand-history":
                path = base / "brands" / bid / "history" / f"{day}-h{i}.md"
                text = _front({"type": "brand-history", "client": cid, "brand": bid, "date": day, "kind": "brainstorm", "title": f'"{title}"'}) + body
            elif type_ == "competitive-report":
                path = base / "reports" / "competitive" / f"{day}.md"
                text = _front({"type": "competitive-report", "client": cid, "period": f'"{day}"', "kind": "ad-hoc", "title": f'"{title}"'}) + body
            elif type_ == "client-issue":
                path = base / "issues" / f"{day}-i{i}.md"
                text = _front({"type": "client-issue", "client": cid, "title": f'"{title}"', "category": "inquiry",
                               "received_at": f'"{day} 09:30"', "acknowledged_at": f'"{day} 11:00"', "channel": "电话",
                               "handler": rng.choice(AE), "status": "open"}) + body
            else:
                path = base / "research" / f"{day}-r{i}.md"
                text = _front({"type": "research-summary", "client": cid, "brand": bid, "date": day, "title": f'"{title}"',
                               "purpose": "了解使用习惯", "firm": "合成调研公司", "method": "定量问卷", "sample": "N=600"}) + body
            if path.exists():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            _write(path, text)
            entry.path = path.relative_to(root).as_posix()
            out.entries.append(entry)
            out.written += 1
