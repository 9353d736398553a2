"""Writes the cases of tests/hostile/: one folder each (files laid over tests/fixtures/minimal) and its case.yaml.

Run it after adding or changing a case here: `.venv/bin/python tests/hostile/make_cases.py`.
"""
import shutil
from pathlib import Path

OUT = Path(__file__).resolve().parent
MIN = OUT.parent / "fixtures/minimal"
N1 = (MIN / "content/notices/n1.md").read_text()
R1 = (MIN / "content/rosters/r1.yaml").read_text()
SITE = (MIN / "content/site.yaml").read_text()
PEOPLE = (MIN / "content/people.yaml").read_text()
PLACES = (MIN / "content/places.yaml").read_text()
NR = "content/notices/n1.md"; RR = "content/rosters/r1.yaml"
TABLE = """id: t1
meta:
  suoyinhao: 000000001/2024-00050
  title: 统计
  date_written: 2024-09-18
  date_published: 2024-09-18
  genre: 统计数据
  disclosure: 主动公开
  review: {reviewer: 李四, date: 2024-09-18}
table_schema:
  fields:
    - {name: unit, type: string, title: 单位}
    - {name: count, type: integer, title: 件次, constraints: {minimum: 0}}
"""
ARTICLE = """---
id: a1
title: 信访事项办理流程
column: zhinan
date_written: 2024-09-18
date_published: 2024-09-18
genre: 办事指南
disclosure: 主动公开
review: {reviewer: 李四, date: 2024-09-18}
---
正文。
"""
cases = {}

def case(name, what, files, expect, command="check", **extra):
    assert name not in cases, name
    cases[name] = dict(what=what, files=files, expect=expect, command=command, **extra)

def body(text):  # n1 with a new body
    return N1.replace("正文。\n", text)

# --- YAML structure ---
bomb = "id: r1\n" + "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{chr(98+i)}: &{chr(98+i)} [*{chr(97+i)}, *{chr(97+i)}, *{chr(97+i)}, *{chr(97+i)}, *{chr(97+i)}, *{chr(97+i)}, *{chr(97+i)}, *{chr(97+i)}, *{chr(97+i)}]\n" for i in range(8))
case("yaml-billion-laughs", "The billion-laughs alias bomb in a roster.", {RR: bomb}, [[RR, 3, "yaml-alias"]])
case("yaml-merge-key", "A merge key (<<: *anchor) pulling one mapping into another.", {RR: R1.replace("receptions:\n  - date: 2024-09-19", "base: &b {time: 08:30-12:00}\nreceptions:\n  - <<: *b\n    date: 2024-09-19")}, [[RR, 6, "yaml-alias"]])
case("yaml-deep-flow", "Ten thousand nested flow lists: libyaml would crash the process.", {RR: "id: r1\ntitle: " + "[" * 10000 + "]" * 10000 + "\n"}, [[RR, 2, "yaml-too-deep"]])
case("yaml-deep-unclosed", "Fifteen hundred unclosed brackets: the Python composer would exhaust the stack.", {RR: "title: " + "[" * 1500 + "\n"}, [[RR, 1, "yaml-too-deep"]])
case("yaml-deep-block", "Sixty levels of indented mappings.", {RR: "id: r1\nx:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60)) + "  " * 60 + "v: 1\n"}, [[RR, 34, "yaml-too-deep"]])
case("yaml-deep-compact", "A line of 3000 compact nested list markers (- - - …).", {RR: "id: r1\nx:\n" + "- " * 3000 + "v\n"}, [[RR, 3, "yaml-too-deep"]])
case("yaml-deep-front-matter", "Deep nesting inside a notice's front matter.", {NR: N1.replace("signer: 某某镇人民政府\n", "signer: 某某镇人民政府\nx: " + "[" * 3000 + "]" * 3000 + "\n")}, [[NR, 13, "yaml-too-deep"]])
case("yaml-python-object", "A PyYAML Python-object tag that would run a command under an unsafe loader.", {RR: R1.replace("title: 接访安排", "title: !!python/object/apply:os.system [\"rm -rf /\"]")}, [[RR, 3, "yaml-tag"]])
case("yaml-python-name", "A !!python/name tag in a notice's front matter.", {NR: N1.replace("title: 关于测试的通知", "title: !!python/name:os.system")}, [[NR, 4, "yaml-tag"]])
case("yaml-binary-tag", "A !!binary value where text is expected.", {RR: R1.replace("title: 接访安排", "title: !!binary 5o6l6K6/5a6J5o6S")}, [[RR, 3, "yaml-tag"]])
case("yaml-local-tag", "A local !tag on a mapping.", {"content/places.yaml": PLACES.replace("  - id: hall", "  - !evil\n    id: hall")}, [["content/places.yaml", 2, "yaml-tag"]])
case("yaml-many-duplicates", "A key repeated a thousand times.", {RR: R1 + "title: 接访安排\n" * 1000}, [[RR, 9, "yaml-duplicate-key"]])
case("yaml-two-documents", "A second YAML document appended with ---.", {RR: R1 + "---\nid: r2\n"}, [[RR, 9, "yaml-syntax"]])
case("yaml-not-mapping", "site.yaml that is one long string.", {"content/site.yaml": "'<script>alert(1)</script>'\n"}, [["content/site.yaml", 1, "not-a-mapping"]])
case("yaml-huge-number", "A number with four hundred digits where a small integer is expected.", {"content/site.yaml": SITE + "suoyinhao:\n  serial_width: " + "9" * 400 + "\n"}, [["content/site.yaml", 14, "out-of-range"]])
case("front-matter-never-closed", "A notice whose front matter never ends.", {NR: N1.replace("---\n正文。", "正文。")}, [[NR, 1, "front-matter-unclosed"]])

# --- size ---
case("oversized-notice", "A 3 MB notice.", {}, [["content/notices/big.md", None, "file-too-large"]], sizes={"content/notices/big.md": 3 << 20})
case("oversized-yaml", "A 2 MB roster.", {}, [["content/rosters/big.yaml", None, "file-too-large"]], sizes={"content/rosters/big.yaml": 2 << 20})
case("oversized-csv", "A 40 MB statistics table.", {"data/t1.yaml": TABLE}, [["data/t1.csv", None, "file-too-large"]], sizes={"data/t1.csv": 40 << 20})
case("oversized-asset", "A 40 MB file in content/assets.", {}, [["content/assets/huge.png", None, "file-too-large"]], sizes={"content/assets/huge.png": 40 << 20})
case("csv-too-many-rows", "A statistics table with more rows than its max_rows (a wrong export): refused before any cell is checked.", {"data/t1.yaml": TABLE.replace("table_schema:", "max_rows: 10\ntable_schema:"), "data/t1.csv": "unit,count\n" + "".join(f"镇{i},{i}\n" for i in range(25))}, [["data/t1.csv", 12, "table-too-long"]])
case("xlsx-zip-bomb", "A workbook that unpacks to 300 MB.", {"data/t1.yaml": TABLE}, [["data/t1.xlsx", None, "table-xlsx"]], zipbomb="data/t1.xlsx")

# --- encoding and control characters ---
case("gbk-notice", "A notice saved in GBK.", {NR: N1.encode("gbk")}, [[NR, 4, "not-utf8"]])
case("utf16-roster", "A roster saved as UTF-16 with a BOM.", {RR: R1.encode("utf-16")}, [[RR, 1, "not-utf8"]])
case("invalid-utf8-csv", "A CSV with a stray 0xFF byte.", {"data/t1.yaml": TABLE, "data/t1.csv": b"unit,count\n\xe9\x95\x87\xff,3\n"}, [["data/t1.csv", 2, "not-utf8"]])
# --- resources from elsewhere, Markdown where text is expected ---
case("external-image-in-body", "An image from another site in a notice body.", {NR: body("![照片](https://evil.example/track.png)\n")}, [[NR, 14, "external-resource"]])
case("external-image-html", "A raw <img> with a protocol-relative source.", {NR: body('<img src="//evil.example/track.png" alt="x">\n')}, [[NR, 14, "external-resource"]])
case("external-image-reference", "A reference-style image whose definition points elsewhere.", {NR: body("![照片][p]\n\n[p]: https://evil.example/track.png\n")}, [[NR, 14, "external-resource"]])
case("external-css-url", "A style attribute loading a background from elsewhere.", {NR: body('<p style="background:url(https://evil.example/t.png)">文字</p>\n')}, [[NR, 14, "external-resource"]])
case("external-video-poster", "A video poster from elsewhere.", {NR: body('<video poster="https://evil.example/p.jpg"></video>\n')}, [[NR, 14, "external-resource"]])
case("external-srcset", "An srcset naming another site.", {NR: body('<img src="../../assets/a.png" srcset="https://evil.example/a.png 2x">\n')}, [[NR, 14, "external-resource"]])
case("markdown-image-in-roster-title", "Markdown image syntax in a roster title: shown as typed, never rendered.", {RR: R1.replace("title: 接访安排", "title: '接访安排![x](https://evil.example/a.png)'")}, [], command="build", absent_from_html=['src="https://evil.example', "<img"])
case("markdown-link-in-plan-target-name", "A Markdown link in a notice signer: shown as typed.", {NR: N1.replace("signer: 某某镇人民政府", "signer: '[某某镇](https://evil.example)'")}, [], command="build", absent_from_html=['href="https://evil.example'])
case("attr-list-in-roster-title", "An attribute list ({: onclick=…}) in a roster title.", {RR: R1.replace("title: 接访安排", "title: '接访安排 {: onclick=alert(1) }'")}, [], command="build", absent_from_html=['onclick="'])

case("yaml-escape-nul", "A NUL written as a YAML escape (\\0) in a roster title: it passes the raw-character check.", {RR: R1.replace("title: 接访安排", 'title: "接访\\0安排"')}, [[RR, 3, "control-character"]])
case("yaml-escape-esc", "An ESC written as a YAML escape (\\e) in a place name.", {"content/places.yaml": PLACES.replace("name: 镇信访接待室", 'name: "镇\\e[31m信访接待室"')}, [["content/places.yaml", 3, "control-character"]])
case("yaml-escape-next-line", "A C1 NEXT LINE written as \\N in a notice's signer.", {NR: N1.replace("signer: 某某镇人民政府", 'signer: "某某镇\\N人民政府"')}, [[NR, 12, "control-character"]])
case("yaml-escape-bidi", "A right-to-left override written as \\u202e in a roster title.", {RR: R1.replace("title: 接访安排", 'title: "接访安排\\u202egpj.exe"')}, [[RR, 3, "bidi-control"]])
case("yaml-escape-bidi-in-list", "A left-to-right isolate written as an escape in a roster's list of people.", {RR: R1.replace("title: 接访安排", 'title: 接访安排\nnote_list: ["a\\u2066b"]')}, [[RR, 4, "bidi-control"], [RR, 4, "unknown-key"]])
case("bidi-raw-in-body", "A raw right-to-left override in a notice body.", {NR: body("电话\u202e8765432193\u202c。\n")}, [[NR, 14, "bidi-control"]])
case("bidi-raw-in-title", "A raw right-to-left embedding in a notice title.", {NR: N1.replace("关于测试的通知", "关于测试\u202b的通知")}, [[NR, 4, "bidi-control"]])
case("bidi-entity-in-body", "A right-to-left override written as an HTML entity in a body: it would render.", {NR: body("电话&#x202E;8765432193。\n")}, [[NR, 14, "bidi-control"]])
case("control-entity-in-body", "A control character written as a numeric entity in a body.", {NR: body("正文&#7;响铃。\n")}, [[NR, 14, "control-character"]])
case("surrogate-bytes", "A UTF-8-encoded lone surrogate (CESU-8 debris) in a body.", {NR: N1.encode() + b"\xed\xa0\x80\n"}, [[NR, 15, "not-utf8"]])
case("nul-in-body", "A NUL byte in a notice body.", {NR: body("正文\x00。\n")}, [[NR, 14, "control-character"]])
case("escape-in-yaml", "An ANSI escape sequence in a roster title.", {RR: R1.replace("title: 接访安排", "title: 接访\x1b[31m安排")}, [[RR, 3, "control-character"]])
case("form-feed-in-csv", "A form feed pasted into a CSV cell.", {"data/t1.yaml": TABLE, "data/t1.csv": "unit,count\n某\x0c镇,3\n"}, [["data/t1.csv", 2, "control-character"]])
case("c1-control-in-page", "A C1 control character (U+0085) in a page body.", {"content/pages/p1.md": "---\nid: p1\ntitle: 页面\n---\n正文\x85。\n"}, [["content/pages/p1.md", 5, "control-character"]])
case("bell-in-people", "A BEL character in a person's name.", {"content/people.yaml": PEOPLE.replace("name: 张三", "name: 张\x07三")}, [["content/people.yaml", 3, "control-character"]])

# --- HTML and script in text fields (escaped; a located warning) ---
case("script-in-notice-title", "A script tag in a notice title.", {NR: N1.replace("title: 关于测试的通知", "title: 关于<script>alert(1)</script>测试的通知")}, [[NR, 4, "html-in-text"]], command="build", absent_from_html=["<script>alert(1)"])
case("img-onerror-in-roster-title", "An image with an onerror handler in a roster title.", {RR: R1.replace("title: 接访安排", "title: 接访安排<img src=x onerror=alert(1)>")}, [[RR, 3, "html-in-text"]], command="build", absent_from_html=["<img src=x onerror"])
case("script-in-person-name", "A script tag in a leader's name.", {"content/people.yaml": PEOPLE.replace("name: 张三", "name: 张三<script>alert(2)</script>")}, [["content/people.yaml", 3, "html-in-text"]], command="build", absent_from_html=["<script>alert(2)"])
case("script-in-place-name", "A script tag in a reception place's name.", {"content/places.yaml": PLACES.replace("name: 镇信访接待室", "name: 镇信访接待室</td><script>alert(3)</script>")}, [["content/places.yaml", 3, "html-in-text"]], command="build", absent_from_html=["<script>alert(3)"])
case("script-in-site-title", "A script tag in the site title.", {"content/site.yaml": SITE.replace("title: 测试信访公开", "title: 测试信访公开<script>alert(4)</script>")}, [["content/site.yaml", 1, "html-in-text"]], command="build", absent_from_html=["<script>alert(4)"])
case("attribute-break-in-article-summary", "A quote and tag that try to break out of an attribute in an article summary.", {"content/articles/a1.md": ARTICLE.replace("review:", 'summary: "\\"><svg onload=alert(5)>"\nreview:')}, [["content/articles/a1.md", 9, "html-in-text"]], command="build", absent_from_html=["<svg onload=alert(5)"])
case("script-in-csv-cell", "A script tag in a statistics cell.", {"data/t1.yaml": TABLE, "data/t1.csv": "unit,count\n<script>alert(6)</script>,3\n"}, [["data/t1.csv", 2, "html-in-text"]], command="build", absent_from_html=["<script>alert(6)"])
case("script-in-body", "A script element typed into a notice body (removed by the sanitiser).", {NR: body("正文。\n\n<script>alert(7)</script>\n")}, [[NR, 16, "unsafe-html"]], command="build", absent_from_html=["alert(7)"])
case("iframe-in-body", "An iframe in a page body.", {"content/pages/p1.md": "---\nid: p1\ntitle: 页面\n---\n<iframe src=\"https://evil.example/\"></iframe>\n"}, [["content/pages/p1.md", 5, "unsafe-html"]], command="build", absent_from_html=["evil.example"])
case("onclick-in-body", "An event handler on raw HTML in a body.", {NR: body('<p onclick="alert(8)">点击</p>\n')}, [[NR, 14, "unsafe-html"]], command="build", absent_from_html=["alert(8)"])
case("javascript-link-in-body", "A javascript: link in Markdown.", {NR: body("[点这里](javascript:alert(9))\n")}, [[NR, 14, "unsafe-html"]], command="build", absent_from_html=["javascript:alert(9)"])
case("style-in-body", "A style element hiding content in a body.", {NR: body("<style>body{display:none}</style>正文。\n")}, [[NR, 14, "unsafe-html"]], command="build", absent_from_html=["display:none"])
case("meta-refresh-in-body", "A meta refresh redirect in an article body.", {"content/articles/a1.md": ARTICLE.replace("正文。", '<meta http-equiv="refresh" content="0;url=https://evil.example/">')}, [["content/articles/a1.md", 11, "unsafe-html"]], command="build", absent_from_html=["evil.example"])

# --- paths that leave content/ ---
case("image-climbs-out", "An image path that climbs out of the site.", {NR: body("![图](../../../../etc/passwd)\n")}, [[NR, 14, "path-outside"]])
case("link-to-system-file", "A link to an absolute computer path.", {NR: body("[登记表](/etc/shadow)\n")}, [[NR, 14, "path-outside"]])
case("file-url-image", "An img element with a file: address.", {NR: body('<img src="file:///home/xfb/登记表.png">\n')}, [[NR, 14, "path-outside"]])
case("windows-path-link", "A link to a file on an editor's Windows desktop.", {NR: body("[附件](C:\\Users\\xfb\\Desktop\\来访登记.xlsx)\n")}, [[NR, 14, "path-outside"]])
case("unc-path-link", "A link to a network share.", {NR: body("[附件](\\\\fileserver\\xinfang\\登记.doc)\n")}, [[NR, 14, "path-outside"]])
case("reference-link-out", "A reference-style link definition that climbs out.", {NR: body("见[名单][1]。\n\n[1]: ../../../private/names.txt\n")}, [[NR, 16, "path-outside"]])
case("symlink-notice", "A notice that is a symbolic link to a system file.", {}, [["content/notices/evil.md", None, "path-outside"]], symlinks={"content/notices/evil.md": "/etc/hostname"})
case("symlink-asset", "An asset that is a symbolic link to a file outside the project.", {}, [["content/assets/seal.png", None, "path-outside"]], symlinks={"content/assets/seal.png": "/etc/passwd"})
case("symlink-folder", "A folder in content/ that links to /etc.", {}, [["content/pages/etc", None, "path-outside"]], symlinks={"content/pages/etc": "/etc"})
case("symlink-asset-into-project", "An asset linking to a private file elsewhere in the project (outside content/).", {"private/key.txt": "secret\n"}, [["content/assets/key.txt", None, "path-outside"]], symlinks={"content/assets/key.txt": "../../private/key.txt"})
case("symlink-data", "A statistics table that links outside the project.", {"data/t1.yaml": TABLE}, [["data/t1.csv", None, "path-outside"]], symlinks={"data/t1.csv": "/etc/passwd"})
case("seal-path-out", "A seal image path that climbs out of content/assets.", {NR: N1.replace("signer: 某某镇人民政府", "signer: 某某镇人民政府\nseal: ../../../etc/passwd")}, [[NR, 13, "unknown-asset"]])
case("emblem-absolute-path", "An emblem given as an absolute path.", {"content/site.yaml": SITE.replace("  org_code: \"000000001\"", "  org_code: \"000000001\"\n  emblem: /etc/passwd")}, [["content/site.yaml", 7, "unknown-asset"]])
case("javascript-footer-link", "A javascript: address as the footer's 找错 link.", {"content/site.yaml": SITE + "  error_report_url: javascript:alert(1)\n"}, [["content/site.yaml", 13, "bad-format"]])
case("id-path-traversal", "A document id that tries to write outside the site.", {RR: R1.replace("id: r1", "id: ../../r1")}, [[RR, 1, "bad-id"]])

# --- tables ---
case("csv-formula", "Spreadsheet formulas in CSV cells (=, +cmd, @, -cmd).", {"data/t1.yaml": TABLE, "data/t1.csv": "unit,count\n=HYPERLINK(\"https://evil.example\"),3\n+cmd|' /C calc'!A0,4\n@SUM(1+1),5\n"}, [["data/t1.csv", 2, "formula-in-cell"], ["data/t1.csv", 3, "formula-in-cell"], ["data/t1.csv", 4, "formula-in-cell"]], command="build", csv_safe="data/t1/t1.csv")
case("csv-unbalanced-quote", "A CSV whose quote never closes.", {"data/t1.yaml": TABLE, "data/t1.csv": 'unit,count\n"某镇,3\n'}, [["data/t1.csv", 2, "table-row-length"]])
case("csv-giant-cell", "A CSV cell of 200,000 characters.", {"data/t1.yaml": TABLE, "data/t1.csv": "unit,count\n\"" + "镇" * 200000 + "\",3\n"}, [["data/t1.csv", 2, "table-csv"]])
case("corrupt-pdf-asset", "A damaged PDF among the assets: the guard cannot read it, so it is not published.", {"content/assets/bad.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 8}, [["content/assets/bad.pdf", None, "unreadable-output"]], command="build")
case("xlsx-asset-zip-bomb", "A workbook among the assets that unpacks to 300 MB.", {}, [["content/assets/bomb.xlsx", None, "unreadable-output"]], command="build", zipbomb="content/assets/bomb.xlsx")
case("xlsx-not-a-workbook", "Random bytes named .xlsx.", {"data/t1.yaml": TABLE, "data/t1.xlsx": bytes(range(256)) * 4}, [["data/t1.xlsx", None, "table-xlsx"]])

# --- personal data ---
case("id-number-in-body", "A resident ID number in a notice body.", {NR: body("来访群众身份证11010519491231002X。\n")}, [[NR, 14, "private-data"]], command="build")
case("mobile-in-place", "A private mobile number as a place name.", {"content/places.yaml": PLACES.replace("name: 镇信访接待室", "name: 镇信访接待室（王主任13912345678）")}, [["content/places.yaml", 3, "private-data"]], command="build")
case("denylisted-name", "A name from the private denylist in a roster title.", {RR: R1.replace("title: 接访安排", "title: 接访安排（王小明专场）"), "private/names.txt": "# 信访人\n王小明\n", "content/site.yaml": SITE + "guard:\n  denylist: private/names.txt\n"}, [[RR, 3, "private-data"]], command="build")
case("denylist-in-content", "A denylist kept where it could be published.", {"content/names.txt": "王小明\n", "content/site.yaml": SITE + "guard:\n  denylist: content/names.txt\n"}, [["content/site.yaml", None, "denylist-in-content"]])
case("denylist-missing", "A denylist path that does not exist.", {"content/site.yaml": SITE + "guard:\n  denylist: private/none.txt\n"}, [["content/site.yaml", None, "denylist-missing"]])
case("denylist-one-character", "A one-character denylist entry that would match everything.", {"private/names.txt": "王小明\n李\n", "content/site.yaml": SITE + "guard:\n  denylist: private/names.txt\n"}, [["private/names.txt", 2, "denylist-entry"]])
case("release-without-reviewer", "A guard release that names no reviewer.", {"content/site.yaml": SITE + "guard:\n  releases:\n    - {text: 13912345678, file: content/places.yaml, date: 2024-11-20, reason: 服务热线}\n"}, [["content/site.yaml", 15, "missing-field"], ["content/site.yaml", 15, "wrong-type"]])

OUT.mkdir(exist_ok=True)
for name, c in cases.items():
    d = OUT / name
    if d.exists():
        shutil.rmtree(d)
    d.mkdir()
    for rel, data in c.pop("files").items():
        target = d / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_bytes(data.encode("utf-8"))
    for rel, to in c.pop("symlinks", {}).items():
        target = d / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(to)
    import yaml
    (d / "case.yaml").write_text(yaml.safe_dump(c, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
print(len(cases))
