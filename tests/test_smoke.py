def test_minimal_site_builds(make_site, run, tmp_path):
    content = make_site()
    code, out, err = run("build", "--as-of", "2567-04-01", content=content)
    assert code == 0, err
    assert (tmp_path / "output/eit/2567/e7/index.html").is_file()
