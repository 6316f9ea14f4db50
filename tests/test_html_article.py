"""HTML importer: the af.mil ArticleCS corpus (one test per file) and synthetic pages."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossierdesk.importers.html_article import parse_html, split_credit, split_dateline
from dossierdesk.importers.types import ParsedArticle, ParseError

CORPUS = Path(__file__).parent / "data" / "corpus"
FURNITURE = ("DOWNLOAD HI-RES", "PHOTO DETAILS", "Related Links", "Related Biographies", "jQuery")


@cache
def corpus(prefix: str) -> ParsedArticle:
    (path,) = CORPUS.glob(f"{prefix}_*.html")
    return parse_html(path.read_bytes(), str(path))


def virins(article: ParsedArticle) -> list[str | None]:
    return [image.virin for image in article.images]


def credits(article: ParsedArticle) -> set[str | None]:
    return {image.credit for image in article.images}


def assert_clean_body(article: ParsedArticle) -> None:
    """No page furniture, markup or script text in the body or captions."""
    texts = [*article.paragraphs, *(image.caption for image in article.images)]
    for text in texts:
        assert "<" not in text and ">" not in text, text
        for word in FURNITURE:
            assert word not in text, (word, text)
    assert article.format == "html-articlecs"


# ---------------------------------------------------------------------------------------------
# Corpus: af.mil ArticleCS print pages


def test_001_gulf_war_critical_care() -> None:
    a = corpus("001")
    assert a.title == "Gulf War created need for better critical care"
    assert a.published == dt.date(2016, 1, 14)
    assert a.byline == "By Kevin M. Hymel, Air Force Surgeon General Public Affairs"
    assert a.authors == ("Kevin M. Hymel",)
    assert a.source == "Air Force Surgeon General Public Affairs"
    assert a.dateline == "FALLS CHURCH, Va. (AFNS)"
    assert a.paragraphs[0].startswith("January 2016 marks the 25th anniversary")
    assert len(a.paragraphs) == 22
    assert a.url == (
        "http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=850&Article=643126"
    )
    (image,) = a.images
    assert image.virin == "160114-F-EX708-001"  # only in the file name / URL
    assert image.credit == "Courtesy photo"
    assert image.caption.endswith("receive a mission briefing during Operation Desert Storm.")
    assert image.url == (
        "../../../media.defense.gov/2016/Jan/14/2001335005/-1/-1/0/160114-F-EX708-001.JPG"
    )
    assert image.paragraph_index == len(a.paragraphs)  # the print page shows photos last
    assert_clean_body(a)


def test_002_secaf_csis_dateline_and_three_photos() -> None:
    a = corpus("002")
    assert a.title == "SecAF speaks at CSIS for Smart Women, Smart Power series"
    assert a.published == dt.date(2016, 1, 15)
    assert a.authors == ("Senior Airman Hailey Haux",)
    assert a.source == "Secretary of the Air Force Public Affairs Command Information"
    assert a.dateline == "WASHINGTON (AFNS)"
    assert a.paragraphs[0].startswith("Air Force Secretary Deborah Lee James spoke")
    assert not any("(AFNS) --" in p for p in a.paragraphs)
    assert virins(a) == ["160114-F-FC975-590", "160114-F-FC975-761", "160114-F-FC975-788"]
    assert credits(a) == {"U.S. Air Force photo/Jim Varhegyi"}
    assert all(not i.caption.endswith(")") for i in a.images)  # credit split off the caption
    assert_clean_body(a)


def test_003_desert_storm_odd_virins() -> None:
    a = corpus("003")
    assert a.title == "A look back at Desert Storm, 25 years later"
    assert a.published == dt.date(2016, 1, 15)
    assert a.authors == ("Senior Airman Hailey Haux",)
    assert a.source == "Secretary of the Air Force Public Affairs"
    assert virins(a) == ["020926-O-9999G-908", "160115-F-ZZZZZ-902"]
    assert a.images[0].credit == "U.S. Air Force archive photo"
    assert a.images[1].caption == "" and a.images[1].credit is None
    assert "More Desert Storm content" not in a.body  # Related Links block
    assert_clean_body(a)


def test_004_related_biographies_block_is_not_body() -> None:
    a = corpus("004")
    assert a.title == "Acquisitions enterprise: Experimentation and agility"
    assert a.published == dt.date(2016, 1, 15)
    assert a.authors == ("Senior Airman Ashley Powell",)
    assert a.images == ()
    assert "LOMBARDI" not in a.body  # the biography link in "Related Biographies"
    assert a.paragraphs[0].startswith("A key leader in Air Force acquisitions")
    assert len(a.paragraphs) == 12
    assert_clean_body(a)


def test_005_dod_news_repost() -> None:
    a = corpus("005")
    assert a.title == "Carter: DOD must embrace future to remain best force"
    assert a.published == dt.date(2015, 9, 16)
    assert a.byline == "By Amaani Lyle, DoD News"
    assert a.authors == ("Amaani Lyle",)
    assert a.source == "DoD News"
    assert a.dateline == "WASHINGTON"
    assert a.url is None  # an HTTrack cache entry: no "Mirrored from" comment
    assert virins(a) == ["150916-D-DT527-120"]
    assert credits(a) == {"Department of Defense photo"}
    assert "Air Force Association's Air and Space Conference" in a.images[0].caption
    assert_clean_body(a)


def test_006_bulleted_list_in_body() -> None:
    a = corpus("006")
    assert a.title == "Pentagon announces changes to military decorations, awards program"
    assert a.published == dt.date(2016, 1, 7)
    assert a.authors == ("Lisa Ferdinando",)
    assert a.source == "DoD News, Defense Media Activity"
    assert a.images == ()
    bullets = [p for p in a.paragraphs if p.startswith("- ")]
    assert len(bullets) == 5
    assert "Service cross, Silver Star review" in a.paragraphs  # a subhead is its own paragraph
    assert_clean_body(a)


def test_007_no_photos() -> None:
    a = corpus("007")
    assert a.title == "Carter opens 2015 Warrior Games"  # trailing space in the page trimmed
    assert a.published == dt.date(2015, 6, 19)
    assert a.authors == ("Karen Parrish",)
    assert a.source == "DoD News, Defense Media Activity"
    assert a.dateline == "WASHINGTON (AFNS)"
    assert a.images == ()
    assert len(a.paragraphs) == 17
    assert_clean_body(a)


def test_008_week_in_photos_org_byline() -> None:
    a = corpus("008")
    assert a.title == "AF Week in Photos"
    assert a.published == dt.date(2016, 1, 15)
    assert a.byline == "By Defense Media Activity"
    assert a.authors == ()
    assert a.source == "Defense Media Activity"
    assert a.dateline == "FORT GEORGE G. MEADE, Md. (AFNS)"
    assert len(a.paragraphs) == 1
    assert len(a.images) == 12
    assert virins(a)[0] == "151229-F-ZJ145-413"
    assert "160105-Z-NQ177-029" in virins(a)  # Air National Guard (Z)
    assert "U.S. Air National Guard photo/Master Sgt. Shawn Monk" in credits(a)
    assert all(i.credit for i in a.images)
    assert all(i.paragraph_index == 1 for i in a.images)
    assert_clean_body(a)


def test_009_fact_sheet_without_byline() -> None:
    a = corpus("009")
    assert a.title == "B-52 Stratofortress"
    assert a.published == dt.date(2015, 12, 16)
    assert a.byline is None and a.authors == () and a.source is None
    assert a.dateline is None
    assert a.paragraphs[0] == "Mission"
    assert "Primary function: heavy bomber" in a.paragraphs
    assert not any("PRINT" in p or "E-MAIL" in p for p in a.paragraphs)
    # The gallery sits outside the print-body element on fact sheets.
    assert virins(a) == [
        "140528-F-PB123-102",
        "030328-F-JZ000-023",
        "020925-F-9999S-0015",
        "091020-F-6911G-001",
    ]
    assert a.images[2].caption == "AF File Image"
    assert a.images[3].credit == "U.S. Air Force photo/Master Sgt. Kevin Gruenwald"
    assert_clean_body(a)


def test_010_biography_layout() -> None:
    a = corpus("010")
    assert a.title == "GENERAL ROBIN RAND"
    assert a.published is None
    assert a.byline is None and a.authors == ()
    assert a.paragraphs[0].startswith("Gen. Robin Rand is the Commander")
    assert "EDUCATION" in a.paragraphs
    assert "General Oct. 10, 2013" in a.paragraphs
    assert "U N I T E D" not in a.body  # the letterhead table
    (image,) = a.images
    assert image.virin == "131010-F-PB123-104"
    assert image.caption == ""  # alt="RandOct2013" is a label, not a caption
    assert image.paragraph_index == 0  # the portrait stands before the text
    assert_clean_body(a)


def test_011_video_feature() -> None:
    a = corpus("011")
    assert a.title == "Yesterday’s Air Force: The U-2, Gary Powers incident"
    assert a.published == dt.date(2015, 10, 15)
    assert a.byline == "Air Force TV"
    assert a.authors == ()
    assert a.source == "Air Force TV"
    assert a.dateline == "FORT GEORGE G. MEADE, Md. (AFNS)"
    assert a.paragraphs[0].startswith("As the dust settled after World War II")
    assert len(a.paragraphs) == 5
    assert a.images == ()
    assert "youtube" not in a.body
    assert_clean_body(a)


def test_012_speech_stub() -> None:
    a = corpus("012")
    assert a.title == "State of the Air Force 2013"
    assert a.published is None  # no "Published" line; the summary's date is not guessed
    assert a.authors == ("Gen. Mark A. Welsh III",)  # the speaker
    assert a.paragraphs[0].startswith("Air Force News Briefing by Secretary of the Air Force")
    assert a.paragraphs[-1] == "View the speech here."
    assert a.images == ()
    assert_clean_body(a)


def test_013_press_release_org_byline() -> None:
    a = corpus("013")
    assert a.title == "AF officials announce civilian reduction in force"
    assert a.published == dt.date(2016, 1, 6)
    assert a.byline == "By Secretary of the Air Force Public Affairs"
    assert a.authors == ()
    assert a.source == "Secretary of the Air Force Public Affairs"
    assert a.images == ()
    assert_clean_body(a)


def test_014_contract_award_seven_photos() -> None:
    a = corpus("014")
    assert a.title == "Air Force awards LRS-B contract"
    assert a.published == dt.date(2015, 10, 27)
    assert a.byline == "Secretary of the Air Force Public Affairs"  # printed without "By"
    assert a.authors == ()
    assert a.source == "Secretary of the Air Force Public Affairs"
    assert len(a.images) == 7
    assert virins(a)[:2] == ["151027-F-EK235-058", "151027-F-EK235-263"]
    assert credits(a) == {"U.S. Air Force photo/Scott M. Ash"}
    assert "LRS-B contract award" not in a.paragraphs  # Related Links entry
    assert_clean_body(a)


def test_015_no_images() -> None:
    a = corpus("015")
    assert a.title == "Breast cancer survivor’s journey leads her to Warrior Games"
    assert a.published == dt.date(2015, 6, 18)
    assert a.authors == ()
    assert a.source == "Air Force Public Affairs Agency"
    assert a.dateline == "JOINT BASE SAN ANTONIO-LACKLAND, Texas (AFNS)"
    assert a.paragraphs[0].startswith("The Department of Defense Warrior Games 2015")
    assert a.images == ()
    assert_clean_body(a)


def test_016_no_byline() -> None:
    a = corpus("016")
    assert a.title == "AF leaders cite Airmen as bedrock in new core mission document"
    assert a.published == dt.date(2013, 8, 22)
    assert a.byline is None and a.authors == () and a.source is None
    assert a.dateline == "WASHINGTON (AFNS)"
    assert a.paragraphs[0].startswith("The Air Force released a new document")
    assert len(a.paragraphs) == 10
    assert_clean_body(a)


def test_017_two_signatories() -> None:
    a = corpus("017")
    assert a.title == "Air Force leaders’ Memorial Day message"
    assert a.published == dt.date(2015, 5, 22)
    assert len(a.authors) == 2
    assert "Deborah Lee James" in a.authors[0]
    assert "Mark A. Welsh III" in a.authors[1]
    assert "Memorial Day letter" not in a.body
    assert_clean_body(a)


def test_018_long_feature_with_eleven_photos() -> None:
    a = corpus("018")
    assert a.title == "Quest for perfection: Airman strives for flawless execution"
    assert a.published == dt.date(2015, 7, 23)
    assert a.authors == ("Staff Sgt. Chris Gross",)
    assert a.source == "Air Force News Service"
    assert a.dateline == "FORT GEORGE G. MEADE, Md. (AFNS)"
    assert a.paragraphs[0].startswith("(This feature is part of the")
    assert len(a.images) == 11
    assert virins(a)[0] == "150627-F-CU844-335" and virins(a)[-1] == "150626-F-CU844-262"
    assert credits(a) == {"U.S. Air Force photo/Staff Sgt. Christopher Gross"}
    assert_clean_body(a)


def test_030_commentary() -> None:
    a = corpus("030")
    assert a.title == "Take time to explain ‘why’"
    assert a.published == dt.date(2015, 12, 31)
    assert a.authors == ("Col. Todd L. Osgood",)
    assert a.source == "379th Expeditionary Medical Group"
    assert a.images == ()
    assert_clean_body(a)


def test_031_memorial_stub_dateline_alone() -> None:
    a = corpus("031")
    assert a.title == "Remembering Staff Sgt. Daniel N. Fannin"
    assert a.published == dt.date(2015, 5, 19)
    assert a.authors == ()
    assert a.source == "Air Force News Service"
    assert a.dateline == "FORT GEORGE G. MEADE, Md. (AFNS)"  # printed as its own line
    assert a.paragraphs[0].startswith("Staff Sgt. Daniel N. Fannin, age 30, died")
    assert len(a.paragraphs) == 3
    (image,) = a.images
    assert image.virin == "150520-F-XXXDF-011"
    assert image.caption == "Staff Sgt. Daniel N. Fannin" and image.credit is None
    assert image.paragraph_index == 3
    assert_clean_body(a)


def test_032_civilian_byline_two_credits() -> None:
    a = corpus("032")
    assert a.title == "Eglin medical group first to find bacteria unseen in humans"
    assert a.published == dt.date(2016, 1, 13)
    assert a.authors == ("Ilka Cole",)
    assert a.source == "Eglin Air Force Base Public Affairs"
    assert virins(a) == ["151119-F-GY014-901", "160111-F-ZZ999-987"]
    assert [i.credit for i in a.images] == ["U.S. Air Force photo/Ilka Cole", "Courtesy photo"]
    assert_clean_body(a)


def test_033_joint_task_force_byline() -> None:
    a = corpus("033")
    assert a.title == "SecAF makes first visit to Djibouti"
    assert a.published == dt.date(2015, 11, 18)
    assert a.authors == ("Tech. Sgt. Dan DeCook",)
    assert a.source == "Combined Joint Task Force-Horn of Africa"
    assert a.dateline == "DJIBOUTI (AFNS)"
    assert virins(a) == ["151112-F-HX320-231", "151112-F-HX320-006", "151112-F-HX320-072"]
    assert credits(a) == {"U.S. Air Force photo/Senior Airman Peter Thompson"}
    assert_clean_body(a)


# ---------------------------------------------------------------------------------------------
# Synthetic ArticleCS variants


ARTICLECS_INLINE = b"""<!DOCTYPE html><html><head><title></title>
<link rel="canonical" href="https://www.defense.gov/News/Article/123/" /></head><body>
<div class="da_print_body">
<h1 class="title">Inline photo story</h1>
<p class="da_story_info">By Jim Garamone, DOD News <span>/ Published Nov. 18, 2024</span></p>
<div class="da_related_item"><h2>Related Links</h2><a href="x">Something else</a></div>
<div class="da_black"><strong>ARLINGTON, Va. -- </strong>First paragraph.<br /><br />Second.
<div class="da_media_item"><img src="/img/241118-D-ZZ999-1001.JPG" alt="" />
<p><a href="/dl/241118-D-ZZ999-1001.JPG">Download: Full Size (5.2 MB)</a></p>
<p>Soldiers <b>train</b> at the range. Photo by Staff Sgt. Jane Doe</p></div>
Third paragraph.</div></div></body></html>"""


def test_articlecs_inline_photo_position_and_tail_credit() -> None:
    a = parse_html(ARTICLECS_INLINE, "inline.html")
    assert a.format == "html-articlecs"
    assert a.url == "https://www.defense.gov/News/Article/123/"
    assert a.published == dt.date(2024, 11, 18)
    assert a.authors == ("Jim Garamone",) and a.source == "DOD News"
    assert a.dateline == "ARLINGTON, Va."
    assert a.paragraphs == ("First paragraph.", "Second.", "Third paragraph.")
    (image,) = a.images
    assert image.paragraph_index == 2
    assert image.caption == "Soldiers train at the range."
    assert image.credit == "Photo by Staff Sgt. Jane Doe"
    assert image.virin == "241118-D-ZZ999-1001"
    assert image.download_size == "5.2 MB"
    assert image.url == "/dl/241118-D-ZZ999-1001.JPG"
    assert "Something else" not in a.body


def test_articlecs_labelled_photo_fields_and_figure_in_body() -> None:
    """The newer defense.gov layout labels credit and VIRIN; bodies may hold <figure>s."""
    page = b"""<html><body><div class="da_print_body"><h1 class="title">Labels</h1>
    <p class="da_story_info">By DOD News <span>/ Published Sept. 19, 2024</span></p>
    <div class="da_black"><p>One.</p>
    <figure><img src="/a.jpg"><figcaption>Figure caption. (Army photo)</figcaption></figure>
    <p>Two.</p></div>
    <div class="da_media_item"><img src="/photo/large.jpg">
    <p>A caption without credit.</p><p>Credit: Navy Petty Officer 1st Class Jane Doe</p>
    <p>VIRIN: 240919-N-AB123-1044</p></div></div></body></html>"""
    a = parse_html(page, "labels.html")
    assert a.published == dt.date(2024, 9, 19)
    assert a.paragraphs == ("One.", "Two.")
    figure, photo = a.images
    assert (figure.caption, figure.credit, figure.paragraph_index) == (
        "Figure caption.",
        "Army photo",
        1,
    )
    assert photo.caption == "A caption without credit."
    assert photo.credit == "Navy Petty Officer 1st Class Jane Doe"
    assert photo.virin == "240919-N-AB123-1044"
    assert photo.paragraph_index == 2


# ---------------------------------------------------------------------------------------------
# Synthetic pages: the metadata strategy


NEWS_PAGE = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Navy tests new radar | Example Defense News</title>
<meta property="og:title" content="Navy tests new radar">
<meta property="og:url" content="https://news.example/navy-radar">
<meta property="og:site_name" content="Example Defense News">
<meta property="article:published_time" content="2024-03-05T14:30:00-05:00">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ignored headline",
 "datePublished": "2024-03-01", "author": [{"@type": "Person", "name": "Jane Doe"},
 {"@type": "Person", "name": "John Roe"}], "publisher": {"@type": "Organization",
 "name": "Example Media Group"}}
</script>
<script>document.write("EVIL SCRIPT TEXT")</script>
<style>.x { color: red }</style>
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News menu</a></nav></header>
<main><article>
<h1>Navy tests new radar</h1>
<p class="byline">By Jane Doe and John Roe, Example Defense News</p>
<p>NORFOLK, Va. -- The Navy tested a <em>new</em> radar on Tuesday.</p>
<figure><img src="https://img.example/240305-N-AB123-1001.jpg" alt="radar">
<figcaption>Sailors <b>watch</b> the radar test. (U.S. Navy photo by Petty Officer 2nd Class
Sam Poe)</figcaption></figure>
<p>The second paragraph has a <a href="https://x.example">link</a>.</p>
<ul><li>First point</li><li>Second point</li></ul>
<script>alert("inline script")</script>
<aside><h2>Related</h2><p>Other story</p></aside>
</article></main>
<footer><p>Copyright footer text</p></footer>
</body></html>"""


def test_meta_page_full_metadata() -> None:
    a = parse_html(NEWS_PAGE, "/x/radar.html")
    assert a.format == "html-meta"
    assert a.title == "Navy tests new radar"
    assert a.url == "https://news.example/navy-radar"
    assert a.published == dt.date(2024, 3, 5)  # article:published_time wins over JSON-LD
    assert a.authors == ("Jane Doe", "John Roe")
    assert a.source == "Example Defense News"  # the printed byline's unit beats the publisher
    assert a.byline == "By Jane Doe and John Roe, Example Defense News"
    assert a.dateline == "NORFOLK, Va."
    assert a.paragraphs == (
        "The Navy tested a new radar on Tuesday.",
        "The second paragraph has a link.",
        "First point",
        "Second point",
    )
    (image,) = a.images
    assert image.caption == "Sailors watch the radar test."
    assert image.credit == "U.S. Navy photo by Petty Officer 2nd Class Sam Poe"
    assert image.virin == "240305-N-AB123-1001"
    assert image.url == "https://img.example/240305-N-AB123-1001.jpg"
    assert image.paragraph_index == 1
    for junk in ("EVIL", "inline script", "News menu", "Copyright", "Other story", "color"):
        assert junk not in a.body


def test_meta_page_author_meta_time_element_and_canonical() -> None:
    page = b"""<html><head><title>Plain title</title>
    <link rel="canonical" href="https://site.example/a">
    <meta property="og:url" content="https://site.example/og">
    <meta name="author" content="Staff Sgt. Jane Doe, 52nd Fighter Wing Public Affairs">
    </head><body><div id="content"><h2>Plain title</h2>
    <time datetime="2023-07-04">July 4</time>
    <p>Body text one.</p><p>Body text two.</p></div></body></html>"""
    a = parse_html(page, "a.html")
    assert a.title == "Plain title"
    assert a.url == "https://site.example/a"
    assert a.published == dt.date(2023, 7, 4)
    assert a.authors == ("Staff Sgt. Jane Doe",)
    assert a.source == "52nd Fighter Wing Public Affairs"
    assert "Body text one." in a.paragraphs


def test_meta_page_json_ld_graph_and_organisation_author() -> None:
    page = b"""<html><head><script type="application/ld+json">
    {"@graph": [{"@type": "WebPage"}, {"@type": ["NewsArticle"], "headline": "Graph headline",
     "datePublished": "2022-05-31T10:00:00Z", "author": {"@type": "Organization",
     "name": "DOD News"}}]}</script></head>
    <body><article><p>Text of the story.</p></article></body></html>"""
    a = parse_html(page, "g.html")
    assert a.title == "Graph headline"
    assert a.published == dt.date(2022, 5, 31)
    assert a.authors == ()
    assert a.source == "DOD News"


def test_json_ld_only_authors_and_article_body() -> None:
    """A script-rendered page: no visible text, but JSON-LD carries authors and the body."""
    page = b"""<html><head><title>App</title><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "Rendered", "author": [{"name": "Jane Doe"},
     {"name": "John Roe"}], "publisher": {"name": "Pub"},
     "articleBody": "WASHINGTON -- First.\\n\\nSecond &amp; last."}</script></head>
    <body><div id="app"></div><script>render()</script></body></html>"""
    a = parse_html(page, "r.html")
    assert a.title == "Rendered"
    assert a.byline is None  # nothing printed
    assert a.authors == ("Jane Doe", "John Roe")
    assert a.source == "Pub"
    assert a.dateline == "WASHINGTON"
    assert a.paragraphs == ("First.", "Second & last.")


def test_broken_json_ld_is_ignored() -> None:
    page = b"""<html><head><script type="application/ld+json">{"@type": "NewsArt</script>
    </head><body><h1>Heading</h1><p>Some text.</p></body></html>"""
    a = parse_html(page, "b.html")
    assert a.title == "Heading"
    assert a.paragraphs == ("Some text.",)


def test_script_in_title_is_not_kept() -> None:
    page = b"""<html><head><title>Real<script>alert(1)</script> title</title></head>
    <body><p>Story text.</p></body></html>"""
    a = parse_html(page, "t.html")
    assert "alert" not in a.title and "<" not in a.title
    assert a.title.startswith("Real")


def test_markup_in_meta_values_is_reduced_to_text() -> None:
    page = b"""<html><head><meta property="og:title" content="A &lt;b&gt;bold&lt;/b&gt; move
    &lt;script&gt;x()&lt;/script&gt;"></head><body><p>Story text.</p></body></html>"""
    a = parse_html(page, "m.html")
    assert a.title == "A bold move"


def test_no_title_uses_first_h1() -> None:
    page = b"<html><body><div><h1>The <i>real</i> heading</h1><p>Text.</p></div></body></html>"
    a = parse_html(page, "x.html")
    assert a.title == "The real heading"
    assert a.paragraphs == ("Text.",)  # the heading is not repeated as a paragraph


def test_no_title_at_all_uses_file_stem() -> None:
    a = parse_html(b"<html><body><p>Only a paragraph.</p></body></html>", "/a/b/my-story.html")
    assert a.title == "my-story"
    a = parse_html(b"<html><body><p>Only a paragraph.</p></body></html>", "/a/z.zip!in/x.htm")
    assert a.title == "x"


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>Empty</title></head><body></body></html>",
        b"<html><body><script>var x = 'lots of text';</script><nav>Menu</nav></body></html>",
        b"<html><body><img src='logo.png'></body></html>",
        b"",
    ],
)
def test_page_without_text_is_rejected(page: bytes) -> None:
    with pytest.raises(ParseError, match="no article text found"):
        parse_html(page, "empty.html")


def test_nothing_is_fetched_or_executed() -> None:
    """External references stay strings; event handlers and iframes never reach the text."""
    page = b"""<html><body><p onclick="steal()">Click text.</p>
    <iframe src="https://evil.example/"></iframe><img src="http://tracker.example/pixel.gif">
    <object data="x.swf">fallback</object></body></html>"""
    a = parse_html(page, "e.html")
    assert a.paragraphs == ("Click text.",)
    assert a.images == ()  # a bare <img> without a VIRIN is not a photo


def test_no_library_warnings(recwarn: pytest.WarningsRecorder) -> None:
    """XML declarations, URL-only text and entities must not make the parsers warn."""
    parse_html(b'<?xml version="1.0"?><root><p>Some text.</p></root>', "x.xml")
    parse_html(b"https://example.com/a?b=1&amp;c=2", "u.html")
    parse_html(b"<p>Text.</p>", "page.html")
    page = b'<html><head><meta property="og:url" content="https://x.example/?a=1&amp;b=2">'
    parse_html(page + b"</head><body><p>T.</p></body></html>", "m.html")
    assert [str(w.message)[:60] for w in recwarn] == []


# ---------------------------------------------------------------------------------------------
# Encodings


def test_cp1252_page_with_declared_charset() -> None:
    text = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>"
    text += "<title>Caf\u00e9 \u2019quote\u2019</title></head><body><p>Airmen\u2019s caf\u00e9 "
    text += "\u2013 na\u00efve.</p></body></html>"
    a = parse_html(text.encode("cp1252"), "cp.html")
    assert a.title == "Caf\u00e9 \u2019quote\u2019"
    assert a.paragraphs == ("Airmen\u2019s caf\u00e9 \u2013 na\u00efve.",)


def test_meta_charset_attribute() -> None:
    text = '<html><head><meta charset="iso-8859-1"><title>S\u00e9ance</title></head>'
    text += "<body><p>R\u00e9sum\u00e9.</p></body></html>"
    a = parse_html(text.encode("latin-1"), "l1.html")
    assert a.title == "S\u00e9ance"


def test_utf16_with_bom() -> None:
    text = "<html><head><title>\u00c9t\u00e9 report</title></head><body><p>\u201cQuoted\u201d"
    text += " text.</p></body></html>"
    a = parse_html(b"\xff\xfe" + text.encode("utf-16-le"), "u16.html")
    assert a.title == "\u00c9t\u00e9 report"
    assert a.paragraphs == ("\u201cQuoted\u201d text.",)


# ---------------------------------------------------------------------------------------------
# Helpers


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Jet. (U.S. Air Force photo/Jim Varhegyi)", ("Jet.", "U.S. Air Force photo/Jim Varhegyi")),
        ("A jet flies. (Courtesy photo)", ("A jet flies.", "Courtesy photo")),
        ("Train. U.S. Navy photo by Sgt. Jo Doe", ("Train.", "U.S. Navy photo by Sgt. Jo Doe")),
        ("A. Department of Defense photo by X", ("A.", "Department of Defense photo by X")),
        ("Airmen train. Courtesy photo.", ("Airmen train.", "Courtesy photo")),
        ("Two F-16s (left) fly over Nevada.", ("Two F-16s (left) fly over Nevada.", None)),
        ("A state of the art hangar (2015)", ("A state of the art hangar (2015)", None)),
        ("", ("", None)),
    ],
)  # fmt: skip
def test_split_credit(caption: str, expected: tuple[str, str | None]) -> None:
    assert split_credit(caption) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("WASHINGTON (AFNS) -- The Air Force said.", ("WASHINGTON (AFNS)", "The Air Force said.")),
        ("FALLS CHURCH, Va. (AFNS) -- Text.", ("FALLS CHURCH, Va. (AFNS)", "Text.")),
        ("DJIBOUTI (AFNS) \u2013 Text.", ("DJIBOUTI (AFNS)", "Text.")),
        ("WASHINGTON (AFNS) --", ("WASHINGTON (AFNS)", "")),
        ("A key leader testified -- again.", (None, "A key leader testified -- again.")),
    ],
)  # fmt: skip
def test_split_dateline(paragraph: str, expected: tuple[str | None, str]) -> None:
    assert split_dateline(paragraph) == expected


# ---------------------------------------------------------------------------------------------
# Robustness

_TAGS = "p div span b i a img br figure figcaption script ul li table td title h1 article time"
_TAGS += " meta style iframe main nav header"
_ATTRS = ['', ' class="da_black"', ' class="da_media_item"', ' class="da_story_info"',
          ' src="160114-F-LP903-691.JPG"', ' datetime="2016-01-14"', ' property="og:title"',
          ' content="<b>x"', ' type="application/ld+json"', ' class="byline"']  # fmt: skip
_tag = st.sampled_from(_TAGS.split())
_fragment = st.lists(
    st.one_of(
        st.builds(lambda t, a: f"<{t}{a}>", _tag, st.sampled_from(_ATTRS)),
        st.builds(lambda t: f"</{t}>", _tag),
        st.text(max_size=20),
        st.sampled_from(["WASHINGTON (AFNS) --", "Published January 14, 2016", "&amp;", "&#0;",
                         "<!--", "-->", "<![CDATA[", "{\"@type\": \"NewsArticle\"", "\x00"]),
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_fragment)
def test_random_html_fragments_do_not_crash(fragment: str) -> None:
    for data in (fragment.encode("utf-8", "surrogatepass"), f"<html><body>{fragment}".encode()):
        try:
            article = parse_html(data, "fuzz.html")
        except ParseError:
            continue
        assert article.title
        assert all(p == p.strip() and p for p in article.paragraphs)
        assert all(0 <= i.paragraph_index <= len(article.paragraphs) for i in article.images)


def test_markup_without_a_tree_is_no_article() -> None:
    for page in (b"</p>", b"</main></p>", b"<!-- only a comment -->"):
        with pytest.raises(ParseError, match="no article text found"):
            parse_html(page, "f.html")


def test_text_nested_deeper_than_libxml2_builds_trees_is_kept() -> None:
    page = b"<html><body>" + b"<div>" * 400 + b"<p>Deep text.</p>" + b"</div>" * 400
    a = parse_html(page + b"<p>After.</p></body></html>", "deep.html")
    assert a.paragraphs == ("Deep text.", "After.")


def test_what_follows_the_end_of_html_is_read() -> None:
    page = b"<html><body><p>Text.</p></body></html>\n<!-- Mirrored from www.af.mil/x by HTTrack -->"
    a = parse_html(page + b"<h1>Late title</h1>", "late.html")
    assert (a.url, a.title, a.paragraphs) == ("http://www.af.mil/x", "Late title", ("Text.",))


def test_control_characters_reach_the_reader_of_a_page_built_from_events() -> None:
    """A page built from parser events (here: text after </html>) holds stand-ins for the
    characters lxml refuses; the reader gets the characters themselves, as before."""
    from dossierdesk.importers.html_markup import _classes, reading_escaped
    from dossierdesk.importers.html_parse import parse_page
    from dossierdesk.importers.html_strings import get_text
    from dossierdesk.importers.html_tree import _index

    markup = "<html><body><p class='a\x1cb'>x\x01y</p></body></html><p>z</p>"
    root, _, escaped = parse_page(markup)
    assert escaped is not None
    with reading_escaped(escaped):
        page = _index(root)
        [p, _] = page.tags["p"]
        assert get_text(page, p) == "x\x01y"
        assert _classes(p) == ["a", "b"]  # (\x1c separates words, as whitespace does)
    root, _, escaped = parse_page(markup + "\U000f0001")  # the page has a stand-in itself
    assert escaped is None
    page = _index(root)
    assert get_text(page, page.tags["p"][0]) == "x" + "y"


def test_an_external_entity_in_an_xhtml_page_is_never_read(tmp_path: Path) -> None:
    from dossierdesk.importers import parse_document

    secret = tmp_path / "secret.txt"
    secret.write_text("MARKER-51ab do not import", "utf-8")
    page = (Path(__file__).parent / "data" / "hostile" / "xhtml-external-entity.html").read_text()
    for target in ("file:///etc/passwd", secret.as_uri()):
        data = page.replace("file:///etc/passwd", target).encode()
        [article] = parse_document(data, "page.xhtml")
        assert article.title == "XHTML page with entities"
        assert "MARKER" not in article.body and "root:" not in article.body
        assert article.paragraphs[0] == "The page text.&secret;"
