"""Assets are published by policy: images without metadata, drawings and documents without active content, nothing else."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, copy_project

from generator.build import build
from generator.content.documents import Asset
from generator.problems import GongkaiError
from generator.web.assets import published_assets

MINIMAL = REPO / "tests/fixtures/minimal"
TODAY = dt.date(2024, 11, 22)


def _publish(tmp_path: Path, name: str, data: bytes) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    path = tmp_path / name
    path.write_bytes(data)
    files, problems = published_assets({name: Asset(str(path), "")})
    return files, [(p.path, p.code) for p in problems]


def _jpeg(orientation: int = 1) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (40, 20), "red")
    exif = image.getexif()
    exif[0x0112] = orientation
    exif[0x013B] = "Zhang San"  # Artist
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"13912345678")
    return out.getvalue()


def test_a_photo_loses_its_metadata_and_keeps_its_orientation(tmp_path: Path) -> None:
    from PIL import Image

    files, problems = _publish(tmp_path, "photo.jpg", _jpeg(orientation=6))
    assert problems == []
    with Image.open(io.BytesIO(files["assets/photo.jpg"])) as clean:
        assert dict(clean.getexif()) == {} and "comment" not in clean.info and "icc_profile" not in clean.info
        assert clean.size == (20, 40)  # turned as the camera meant, since the orientation tag is gone
    assert b"13912345678" not in files["assets/photo.jpg"] and b"Zhang San" not in files["assets/photo.jpg"]


def test_a_png_loses_its_text_chunks(tmp_path: Path) -> None:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "手机13912345678")
    info.add_itxt("Author", "欧阳小明")
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(out, "PNG", pnginfo=info)
    files, problems = _publish(tmp_path, "seal.png", out.getvalue())
    assert problems == []
    with Image.open(io.BytesIO(files["assets/seal.png"])) as clean:
        assert clean.mode == "RGBA" and not {"Comment", "Author"} & set(clean.info)


def test_an_animation_keeps_its_frames_and_loses_its_comment(tmp_path: Path) -> None:
    from PIL import Image

    frames = [Image.new("RGB", (8, 8), (i * 80, 0, 0)) for i in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0, comment=b"13912345678")
    files, problems = _publish(tmp_path, "a.gif", out.getvalue())
    assert problems == [] and b"13912345678" not in files["assets/a.gif"]
    with Image.open(io.BytesIO(files["assets/a.gif"])) as clean:
        assert clean.n_frames == 3


CLEAN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><rect width="10" height="10" fill="red"/><use xlink:href="#a"/></svg>'


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/t.png"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src="x"/></foreignObject></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/a.css);</style></svg>',
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onmouseover" to="alert(1)"/></svg>',
    ],
    ids=[
        "script",
        "onload",
        "javascript-link",
        "external-image",
        "foreign-object",
        "css-import",
        "entity",
        "set-handler",
    ],
)
def test_an_svg_with_active_content_is_refused(tmp_path: Path, svg: str) -> None:
    files, problems = _publish(tmp_path, "logo.svg", svg.encode())
    assert files == {} and problems == [("content/assets/logo.svg", "asset-active")]


def test_a_plain_svg_is_published_as_it_is(tmp_path: Path) -> None:
    assert _publish(tmp_path, "emblem.svg", CLEAN_SVG.encode()) == ({"assets/emblem.svg": CLEAN_SVG.encode()}, [])


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("app.js", b"alert(1)"),
        ("x.htm", b"<p>hi</p>"),
        ("photo.png", b"<html><script>alert(1)</script></html>"),  # named an image, bytes of a page
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("notes.txt", b"<script>alert(1)</script>"),
        ("style.css", b"body{background:url(https://evil.example/t.png)}"),
    ],
)
def test_pages_scripts_programs_and_disguised_files_are_refused(tmp_path: Path, name: str, data: bytes) -> None:
    files, problems = _publish(tmp_path, name, data)
    assert files == {} and problems == [(f"content/assets/{name}", "asset-type")]


def test_plain_text_is_published(tmp_path: Path) -> None:
    assert _publish(tmp_path, "readme.txt", "办理指南".encode()) == ({"assets/readme.txt": "办理指南".encode()}, [])


def _pdf(script: bool = False, attachment: bool = False) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    if script:
        from pypdf.generic import DictionaryObject, NameObject, TextStringObject

        action = {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(action)
    if attachment:
        writer.add_attachment("a.exe", b"MZ")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(("script", "attachment"), [(True, False), (False, True)], ids=["script", "attachment"])
def test_a_pdf_with_a_script_or_an_embedded_file_is_refused(tmp_path: Path, script: bool, attachment: bool) -> None:
    files, problems = _publish(tmp_path, "form.pdf", _pdf(script, attachment))
    assert files == {} and problems == [("content/assets/form.pdf", "asset-active")]


def test_a_plain_pdf_is_published(tmp_path: Path) -> None:
    data = _pdf()
    assert _publish(tmp_path, "guide.pdf", data) == ({"assets/guide.pdf": data}, [])


def test_an_office_document_with_macros_is_refused(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as document:
        document.writestr("word/document.xml", "<w:document/>")
        document.writestr("word/vbaProject.bin", b"\x00macro")
    files, problems = _publish(tmp_path, "form.docx", out.getvalue())
    assert files == {} and problems == [("content/assets/form.docx", "asset-active")]


def test_through_a_build_refused_assets_stop_it_and_photos_are_cleaned(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", MINIMAL)
    (root / "content/assets").mkdir()
    (root / "content/assets/photo.jpg").write_bytes(_jpeg())
    (root / "content/assets/evil.svg").write_text('<svg onload="alert(1)"/>', encoding="utf-8")
    with pytest.raises(GongkaiError) as stopped:
        build(root, root / "site", TODAY)
    assert [(p.path, p.code) for p in stopped.value.problems if p.severity == "error"] == [
        ("content/assets/evil.svg", "asset-active")
    ]
    (root / "content/assets/evil.svg").unlink()
    build(root, root / "site", TODAY)
    published = (root / "site/assets/photo.jpg").read_bytes()
    assert b"Zhang San" not in published and b"13912345678" not in published


def test_a_pdf_saved_by_appending_or_with_an_attachment_annotation_is_refused(tmp_path: Path) -> None:
    """An incremental save keeps the version before it (a covered redaction is still in the file); an attachment
    annotation carries a file of its own (its stream need not say /EmbeddedFile)."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

    appended = _pdf() + b"\n1 0 obj\n<< >>\nendobj\nxref\n0 0\ntrailer\n<< >>\nstartxref\n0\n%%EOF\n"
    assert _publish(tmp_path, "redacted.pdf", appended) == ({}, [("content/assets/redacted.pdf", "asset-active")])
    writer = PdfWriter()
    page = writer.add_blank_page(100, 100)
    stream = StreamObject()
    stream.set_data(b"private")
    spec = DictionaryObject({NameObject("/F"): writer._add_object(stream)})
    annotation = DictionaryObject(
        {
            NameObject("/Subtype"): NameObject("/FileAttachment"),
            NameObject("/FS"): DictionaryObject({NameObject("/EF"): spec}),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    out = io.BytesIO()
    writer.write(out)
    assert _publish(tmp_path, "annotated.pdf", out.getvalue())[1] == [("content/assets/annotated.pdf", "asset-active")]


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_a_text_file_not_in_utf8_is_refused_with_how_to_save_it(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes("来访人,住址\n张三丰,东风村三组\n".encode(encoding))
    files, problems = published_assets({"register.csv": Asset(str(path), "")})
    assert files == {} and len(problems) == 1 and "UTF-8" in problems[0].message
