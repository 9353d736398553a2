"""The page reader of the build's Markdown converter (generator.web.mdreuse) reads what MkDocs reads."""

from __future__ import annotations

import pytest
from mkdocs.utils import meta

from generator.web.mdreuse import front_matter
from generator.web.render import _front

TITLES = [
    "关于做好2024年信访工作的通知",
    'He said "yes" \\ no',
    "a: b # c",
    "- list? & anchor *alias !tag %directive @at `tick` | > { } [ ] ,",
    "'single' and ''double''",
    "tab\there",
    "line\nbreak and carriage\rreturn",
    "控制字符\x01\x1f",
    "全角：１２３（一）　空格",
    "emoji 🏛 and 𠮷",
    "yes",
    "null",
    "123",
    "2024-01-01",
    "",
    " leading and trailing ",
]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("template", ["article.html", "partials/x-y_z.html"])
@pytest.mark.parametrize("body", ["正文。\n", "\n\n# 标题\n\n正文\n", "", "---\nnot: front\n---\n"])
def test_generated_front_matter_reads_as_mkdocs_reads_it(title: str, template: str, body: str) -> None:
    source = _front(title, template) + body
    assert front_matter(source) == meta.get_data(source)


@pytest.mark.parametrize(
    "source",
    [
        "---\ntitle: 标题\ntemplate: article.html\n---\n正文",  # a plain YAML title
        '---\ntitle: "标题"\ntemplate: article.html\nhide: [toc]\n---\n正文',  # more keys
        '---\ntemplate: article.html\ntitle: "标题"\n---\n正文',  # another order
        "title: 标题\n\n正文",  # MultiMarkdown meta data
        "正文，没有元数据",
        '---\ntitle: "a"b"\ntemplate: article.html\n---\n',  # not a JSON string
    ],
)
def test_other_sources_go_to_mkdocs_own_reader(source: str) -> None:
    assert front_matter(source) == meta.get_data(source)


@pytest.mark.parametrize("title", ["a\x7fb", "a\x85b", "a\u2028b"])
def test_a_title_yaml_would_mangle_reads_as_written(title: str) -> None:
    """PyYAML refuses DEL (MkDocs then kept no title and showed the front matter as text) and folds NEL into a
    space; the JSON string gongkai wrote is read back as written."""
    assert front_matter(_front(title, "article.html") + "正文") == (
        "正文",
        {"title": title, "template": "article.html"},
    )


def test_a_hand_written_page_with_yaml_escapes_goes_to_mkdocs_reader() -> None:
    source = '---\ntitle: "\\x41\\e"\ntemplate: article.html\n---\n正文'
    assert front_matter(source) == meta.get_data(source)
