"""The rendered report in a real browser: headless Chromium opens every page, images load."""

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM or not DRIVER:
        pytest.skip("no Chromium/chromedriver here: install the Debian packages chromium and chromium-driver "
                    "(.ci/run does) to run the browser test")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1280,1600"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def test_pages_open_and_images_load(built_report, browser, tmp_path):
    out, runs = built_report
    chinese_in_pre = False
    for name in ["index.html", *[run.html_name for run in runs]]:
        browser.get((out / name).as_uri())
        state = browser.execute_script(
            "return {title: document.title, images: Array.from(document.images).map("
            "i => i.complete && i.naturalWidth > 0), fonts: document.fonts.check('16px \"PlanCompare CJK\"', '规划')};"
        )
        assert state["title"], name
        assert all(state["images"]), f"{name}: an image failed to load"
        assert state["fonts"], f"{name}: the embedded CJK font is not usable"
        assert browser.execute_script("return document.documentElement.lang") == "zh-CN", name
        # Chinese in monospace blocks (text outputs, code) must come from the embedded font, or a
        # machine without a system CJK font shows empty boxes.
        monospace = browser.execute_script(
            "return Array.from(document.querySelectorAll('pre, code'))"
            ".filter(e => /[\\u4e00-\\u9fff]/.test(e.textContent))"
            ".map(e => getComputedStyle(e).fontFamily);"
        )
        assert all("PlanCompare CJK" in family for family in monospace), f"{name}: {set(monospace)}"
        chinese_in_pre = chinese_in_pre or bool(monospace)
        shot = tmp_path / f"{name}.png"
        assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    assert chinese_in_pre, "no page has Chinese text in a pre block: the check above tested nothing"
    report = next(r for r in runs if r.html_name.startswith("02"))
    browser.get((out / report.html_name).as_uri())
    assert browser.find_element("id", "headline-table").is_displayed()
    assert len(browser.execute_script("return document.images")) >= 2


def test_long_tables_filter_and_sort_offline(built_report, browser):
    out, runs = built_report
    report = next(r for r in runs if r.html_name.startswith("02"))
    browser.get((out / report.html_name).as_uri())
    rows = "return Array.from(document.querySelectorAll('#all-metrics tbody tr')).filter(r => !r.hidden)"
    total = len(browser.execute_script(rows + ";"))
    assert total > 15
    box = browser.execute_script("return document.getElementById('all-metrics').previousElementSibling;")
    assert box.get_attribute("class") == "table-filter"
    box.send_keys("攀枝花")
    texts = browser.execute_script(rows + ".map(r => r.textContent);")
    assert 0 < len(texts) < total and all("攀枝花" in text for text in texts)
    box.clear()
    browser.execute_script("arguments[0].dispatchEvent(new Event('input'));", box)
    assert len(browser.execute_script(rows + ";")) == total
    # A click on a header sorts by that column, numbers as numbers (with the − sign).
    column = ("var i = Array.from(document.querySelectorAll('#all-metrics thead th'))"
              ".findIndex(h => h.textContent.startsWith('水平差'));")
    browser.execute_script(column + "document.querySelectorAll('#all-metrics thead th')[i].click();")
    values = browser.execute_script(
        column + "return Array.from(document.querySelectorAll('#all-metrics tbody tr'))"
        ".map(r => r.cells[i].textContent.trim().replace('\u2212', '-')).filter(t => t !== '').map(Number);")
    assert len(values) > 3 and values == sorted(values) and min(values) < 0 < max(values)
