"""Config stage."""

from __future__ import annotations

import pytest

from sitegen.load.config import check_base_url, load_config
from sitegen.errors import SiteErrors


def test_defaults_and_base_path(make_site):
    content = make_site()
    config = load_config(content)
    assert config.digits == "thai" and config.contact == ()
    assert config.base_url == "https://test.example/" and config.base_path == "/"
    assert load_config(content, "https://x.example/sub").base_path == "/sub/"


@pytest.mark.parametrize("value", ["example.go.th", "ftp://x/", "https://", "https://x.example/?q=1"])
def test_bad_base_url(value):
    with pytest.raises(ValueError):
        check_base_url(value)


def test_all_site_yaml_problems_at_once(make_site):
    content = make_site("-- site.yaml --\nname: x\ndigit: arabic\nbase_url: www.x\n", with_defaults=False)
    with pytest.raises(SiteErrors) as info:
        load_config(content)
    text = str(info.value)
    for words in ("'short_name'", "'district'", "'province'", "did you mean 'digits'", "base_url"):
        assert words in text
    assert "content/site.yaml:2:" in text and "content/site.yaml:3:" in text
