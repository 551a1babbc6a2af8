"""The URL scheme (``urls.scheme``): the site path of every kind of page and generated file, and its link."""

from __future__ import annotations

from sitegen.urls import scheme
from sitegen.urls.scheme import Urls


def test_the_scheme_names_every_kind_of_page_and_file():
    assert [scheme.year(2566), scheme.report(2566, "report-6-months"), scheme.item(2566, "E7")] == [
        "eit/2566/", "eit/2566/report-6-months/", "eit/2566/e7/"]
    assert [scheme.ita_item(2567, "O12"), scheme.news_item(2567, "ประชุม"), scheme.document("plan")] == [
        "ita/2567/o12/", "news/2567/ประชุม/", "documents/plan/"]
    assert [scheme.output(scheme.HOME), scheme.output(scheme.NOT_FOUND), scheme.output("about/")] == [
        "index.html", "404.html", "about/index.html"]
    assert scheme.year_data(2566, "items") == "eit/2566/items.csv"
    assert Urls("/abt/").url(scheme.news_item(2567, "ประชุม")) == (
        "/abt/news/2567/%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%8A%E0%B8%B8%E0%B8%A1/")
