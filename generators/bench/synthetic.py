"""A synthetic archive with the record mix of a real agency (about 200 records per client a year)."""
from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

# Share of each record type in a year's filing (clients and brands are added per client).
MIX = {"meeting": 0.40, "weekly-status": 0.26, "job": 0.20, "budget-report": 0.06,
       "brand-history": 0.03, "competitive-report": 0.02, "client-issue": 0.015, "research-summary": 0.015}
PER_CLIENT = 200
AE = ["王芳", "李想", "赵一鸣", "孙悦"]
WORDS = ("品牌 新品 上市 电视广告 户外 促销 终端 陈列 消费者 调研 媒介 排期 预算 创意 提案 修改 客户 确认 投放 效果 渠道 包装 海报 视频 直播 门店 "
         "华东 华南 经销商 样片 脚本 分镜 剪辑 配音 签字 发票 比价 打样 印刷 上刊 监播 报表 复盘 竞品 价格 试吃 赠品 会员 小程序 社群 达人").split()


def _text(rng: random.Random, n: int) -> str:
    """Filler with enough variety (words, figures, dates) that two reports are not copies."""
    out = []
    for _ in range(n):
        out.append(rng.choice(WORDS))
        if rng.random() < 0.3:
            out.append(f"{rng.randint(2, 99)}{rng.choice(['家', '万元', '天', '%', '条', '个'])}")
        out.append(rng.choice(["，", "、", "。", ""]))
    return "".join(out)


def _sections(rng: random.Random, type_: str) -> str:
    """The body sections the schema asks for, each with its own text."""
    from generators.archive.schema import schemas
    return "".join(f"## {sec.title}\n\n{_text(rng, 40)}\n\n" for sec in schemas()[type_].sections)


def _front(pairs: dict) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs.items()) + "---\n"


def write_archive(root: Path, n: int, seed: int = 7) -> int:
    """Write about `n` records under root/clients (plus archive.toml); returns the number written."""
    rng = random.Random(seed)
    repo = Path(__file__).resolve().parents[2]
    shutil.copy(repo / "archive.toml", root / "archive.toml")
    clients = max(1, round(n / PER_CLIENT))
    written = 0
    per_type = {t: max(1, int(n * share)) for t, share in MIX.items()}
    for c in range(clients):
        cid, code = f"client-{c:03d}", "".join(chr(65 + (c // 26 ** i) % 26) for i in range(3))
        base = root / "clients" / cid
        (base / "brands" / "main").mkdir(parents=True)
        (base / "client.md").write_text(_front({
            "type": "client", "id": cid, "code": f'"{code}"', "name": f'"合成客户{c}有限公司"', "short_name": f'"合成{c}"',
            "class": rng.choice("ABCD"), "industry": "食品", "status": "active", "since": "2024-01-01",
            "team": f"\n  ad: 周志远\n  am: 林晓岚\n  ae: [{rng.choice(AE)}]",
            "contract": f"\n  number: HT-{c:04d}\n  party_a: 合成客户{c}有限公司\n  party_b: 星河广告有限公司\n  signed: 2024-01-01"
                        f"\n  start: 2024-01-01\n  end: 2027-12-31\n  amount: 1200000\n  amount_in_words: 壹佰贰拾万元整\n  payment_terms: 按月结算"})
            + _sections(rng, "client"), encoding="utf-8")
        (base / "brands" / "main" / "brand.md").write_text(_front({
            "type": "brand", "id": "main", "client": cid, "name": f'"合成品牌{c}"', "category": "乳品", "since": "2024-01-01"})
            + _sections(rng, "brand"), encoding="utf-8")
        written += 2
    start = date(2026, 1, 5)
    for type_, count in per_type.items():
        for i in range(count):
            c = i % clients
            cid, code = f"client-{c:03d}", "".join(chr(65 + (c // 26 ** k) % 26) for k in range(3))
            base = root / "clients" / cid
            step = 7 if type_ == "weekly-status" else 1  # one weekly report per client and week
            day = start + timedelta(days=step * (i // clients) % 330 if step == 1 else 7 * ((i // clients) % 52))
            body = _sections(rng, type_)
            if type_ == "job":
                seq = i // clients + 1
                job_no = f"{code}-2026-{seq:04d}"
                path = base / "jobs" / job_no / "job.md"
                text = _front({"type": "job", "job_no": f'"{job_no}"', "client": cid, "brand": "main",
                               "title": f'"{_text(rng, 3)}"', "kind": "creative", "ae": rng.choice(AE), "am": "林晓岚",
                               "opened": day, "due": day + timedelta(days=30), "status": "brief",
                               "brief": f"\n  date: {day}\n  ad: 周志远\n  cd: 吴迪"}) + body
            elif type_ == "meeting":
                path = base / "meetings" / f"{day}-m{i}.md"
                text = _front({"type": "meeting", "client": cid, "title": f'"{_text(rng, 3)}"', "kind": rng.choice(["meeting", "visit", "visit", "phone"]),
                               "held_at": f'"{day} 10:00"', "sent_at": f'"{day} 17:00"', "acknowledged_at": f'"{day} 18:00"',
                               "attendees": "\n  client: [客户代表]\n  agency: [王芳]",
                               "actions": f"\n  - what: 提交修改稿\n    owner: 王芳\n    due: {day + timedelta(days=3)}\n    done: {day + timedelta(days=2)}"}) + body
            elif type_ == "weekly-status":
                iso = day.isocalendar()
                path = base / "reports" / "weekly" / f"{iso.year}-W{iso.week:02d}.md"
                text = _front({"type": "weekly-status", "client": cid, "week": f'"{iso.year}-W{iso.week:02d}"', "authors": "[王芳, 林晓岚]"}) + body
            elif type_ == "budget-report":
                month = f"2026-{(i // clients) % 12 + 1:02d}"
                path = base / "reports" / "monthly" / f"{month}.md"
                lines = "\n  media: {annual_budget: 1000000, executed: 400000, in_progress: 100000, remaining: 500000}" \
                        "\n  production: {annual_budget: 300000, executed: 100000, in_progress: 50000, remaining: 150000}"
                text = _front({"type": "budget-report", "client": cid, "month": f'"{month}"', "lines": lines}) + body
            elif type_ == "brand-history":
                path = base / "brands" / "main" / "history" / f"{day}-h{i}.md"
                text = _front({"type": "brand-history", "client": cid, "brand": "main", "date": day, "kind": "brainstorm", "title": f'"{_text(rng, 3)}"'}) + body
            elif type_ == "competitive-report":
                path = base / "reports" / "competitive" / f"{day}.md"
                text = _front({"type": "competitive-report", "client": cid, "period": f'"{day}"', "kind": "ad-hoc", "title": f'"{_text(rng, 3)}"'}) + body
            elif type_ == "client-issue":
                path = base / "issues" / f"{day}-i{i}.md"
                text = _front({"type": "client-issue", "client": cid, "title": f'"{_text(rng, 3)}"', "category": "inquiry",
                               "received_at": f'"{day} 09:30"', "acknowledged_at": f'"{day} 11:00"', "channel": "电话", "handler": "王芳", "status": "open"}) + body
            else:
                path = base / "research" / f"{day}-r{i}.md"
                text = _front({"type": "research-summary", "client": cid, "brand": "main", "date": day, "title": f'"{_text(rng, 3)}"',
                               "purpose": "了解使用习惯", "firm": "合成调研公司", "method": "定量问卷", "sample": "N=600"}) + body
            if path.exists():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written += 1
    return written
