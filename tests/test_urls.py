import pytest

from site_builder.urls import UrlBuilder, is_valid_slug, output_file, slug_from_filename


@pytest.mark.parametrize("slug", ["daejeon", "daejeon-ces-2024", "a1", "2024"])
def test_valid_slugs(slug):
    assert is_valid_slug(slug)


@pytest.mark.parametrize("slug", ["", "Daejeon", "대전", "a--b", "-a", "a-", "../x", "a/b", "a b", "a_b", "x" * 101])
def test_invalid_slugs(slug):
    assert not is_valid_slug(slug)


def test_slug_from_filename_drops_date_prefix():
    assert slug_from_filename("2024-02-17-daejeon-ces") == "daejeon-ces"
    assert slug_from_filename("daejeon-ces") == "daejeon-ces"


def test_output_file_maps_clean_urls_and_refuses_escapes():
    assert str(output_file("")) == "index.html"
    assert str(output_file("briefings/x/")) == "briefings/x/index.html"
    assert str(output_file("feed.xml")) == "feed.xml"
    for bad in ("../x/", "/etc/passwd", "a/../../b", "a//b", "a\\..\\b"):
        with pytest.raises(ValueError):
            output_file(bad)


def test_url_builder_under_sub_path():
    urls = UrlBuilder("https://example.org/archive/")
    assert urls.link("briefings/x/") == "/archive/briefings/x/"
    assert urls.link("") == "/archive/"
    assert urls.absolute("feed.xml") == "https://example.org/archive/feed.xml"
    assert UrlBuilder("https://example.org/").link("a/") == "/a/"
