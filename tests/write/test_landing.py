"""The order of the moves (``write.landing``): a page lands only after the new pages it links to."""

from __future__ import annotations

from sitegen.write.landing import landing_order, links


def page(*targets: str) -> bytes:
    return "".join(f'<a href="{t}">x</a>' for t in targets).encode()


def order(pages: dict[str, bytes | None], new: set[str], base_path: str = "/") -> list[str]:
    return landing_order(list(pages), new, pages.get, base_path)


def test_links_are_the_sites_own_output_files():
    html = page("/eit/2567/", "/files/a%20b.pdf", "https://other.example/", "/abt/x/", "/#top")
    assert links(html, "/") == {"eit/2567/index.html", "files/a b.pdf", "abt/x/index.html", "index.html"}
    assert links(html, "/abt/") == {"x/index.html"}  # under a sub-path only its own pages count


def test_a_page_lands_after_the_new_pages_it_links_to():
    pages = {"index.html": page("/actions/2567/a/"), "eit/2567/index.html": page("/actions/2567/a/", "/"),
             "actions/2567/a/index.html": page("/"), "static/site.css": None}
    assert order(pages, {"actions/2567/a/index.html"}) == [
        "actions/2567/a/index.html", "index.html", "eit/2567/index.html", "static/site.css"]


def test_without_new_files_the_build_order_stays():
    pages = {"index.html": page("/a/"), "a/index.html": page("/")}
    assert order(pages, set()) == ["index.html", "a/index.html"]


def test_a_list_of_pages_waits_for_every_new_page():
    pages = {"feed.xml": b"<feed/>", "news/a/index.html": page("/"), "files/x.csv": b"a,b"}
    assert order(pages, {"news/a/index.html"}) == ["news/a/index.html", "feed.xml", "files/x.csv"]


def test_a_ring_of_new_pages_is_entered_at_one_of_its_own_files():
    """A new item and its first action link to each other: one of them must land first; a page that links to both
    waits for both."""
    pages = {"index.html": page("/i/", "/a/"), "i/index.html": page("/a/"), "a/index.html": page("/i/")}
    landed = order(pages, {"i/index.html", "a/index.html"})
    assert sorted(landed[:2]) == ["a/index.html", "i/index.html"] and landed[2] == "index.html"
