#!/usr/bin/env python3
"""The workbench in a real browser: Debian's chromium, driven by Selenium.

    Scripts/browser-test.py KRING_BINARY [--screenshot docs/workbench-board.png]

One scenario, as a coordinator would do it: create a cohort, upload the bundled sample
(rules, facilitators, rooms, intake), plan and watch the progress, see the groups, move a
person by drag and drop, see a refused move explained, lock a group, re-solve the rest
(the lock holds), compare and download. Throughout: no console error, and nothing loaded
from anywhere but the workbench itself. Prints "N passed, 0 failed" and exits 0, or names
the step that failed and exits 1.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import (
    NoSuchElementException, StaleElementReferenceException, WebDriverException)
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEPS = []


def step(name):
    def wrap(fn):
        def run(*args, **kwargs):
            started = time.time()
            try:
                result = fn(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - every failure is reported by step
                print(f"FAIL {name}: {error}", flush=True)
                raise
            STEPS.append(name)
            print(f"ok   {name} ({time.time() - started:.1f}s)", flush=True)
            return result

        return run

    return wrap


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("kring serve exited: " + process.stderr.read().decode())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("kring serve did not start")


# HTML5 drag and drop, as the browser fires it: WebDriver's own drag does not send these
# events, so they are dispatched with a real DataTransfer.
DRAG = """
const [source, target] = arguments;
const data = new DataTransfer();
const fire = (el, type) => el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));
fire(source, 'dragstart'); fire(target, 'dragenter'); fire(target, 'dragover'); fire(target, 'drop'); fire(source, 'dragend');
"""


class Scenario:
    def __init__(self, binary, screenshot):
        self.binary = os.path.abspath(binary)
        self.screenshot = screenshot
        self.workspace = tempfile.mkdtemp(prefix="kring-browser-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = subprocess.Popen(
            [self.binary, "serve", "--workspace", self.workspace, "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wait_for_port(self.port, self.server)
        options = webdriver.ChromeOptions()
        options.add_argument("--headless=new")
        options.add_argument("--no-sandbox")
        options.add_argument("--disable-dev-shm-usage")
        options.add_argument("--window-size=1400,1000")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        if browser:
            options.binary_location = browser
        driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
        self.driver = webdriver.Chrome(service=Service(driver_path), options=options)
        # A page that reloads leaves stale elements behind for a moment: wait through them.
        self.wait = WebDriverWait(
            self.driver, 60,
            ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))

    def close(self):
        try:
            self.driver.quit()
        finally:
            self.server.terminate()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()
            shutil.rmtree(self.workspace, ignore_errors=True)

    # Helpers -----------------------------------------------------------------------------

    def api(self, path):
        with urllib.request.urlopen(self.base + path) as reply:
            return reply.status, reply.headers.get("Content-Type"), reply.read()

    @staticmethod
    def replaced(error):
        """Whether chromium says a node belongs to a page that a reload is replacing."""
        return isinstance(error, StaleElementReferenceException) or (
            isinstance(error, WebDriverException)
            and "does not belong to the document" in str(error))

    def reloaded(self, old):
        """Waits until `old` is gone and the new page has loaded."""
        def gone(_):
            try:
                old.is_enabled()
                return False
            except WebDriverException as error:  # includes a stale element
                if self.replaced(error):
                    return True
                raise
        self.wait.until(gone)
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    def submit(self, form_selector):
        """Submits a form found afresh, and waits for the page it loads."""
        for attempt in range(40):
            try:
                self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
                old = self.driver.find_element(By.TAG_NAME, "h1")
                form = self.driver.find_element(By.CSS_SELECTOR, form_selector)
                form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                break
            except WebDriverException as error:
                if attempt == 39 or not self.replaced(error):
                    raise
                time.sleep(0.25)
        self.reloaded(old)

    def choose_file(self, form_selector, path):
        """Picks a file in a form's file input, finding the input afresh if the page moved on."""
        # chromium answers "Node with given id does not belong to the document" when the
        # input was found in the page a reload is replacing; on a loaded machine that moment
        # can last seconds, so keep trying (up to ~10 s) on the settled page.
        attempts = 40
        for attempt in range(attempts):
            try:
                self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
                field = self.driver.find_element(By.CSS_SELECTOR, form_selector + ' input[type="file"]')
                field.send_keys(path)
                return
            except Exception:  # noqa: BLE001 - a node of a page being replaced; try again
                if attempt == attempts - 1:
                    raise
                time.sleep(0.25)

    def page_ids(self):
        return self.driver.execute_script(
            "return [document.body.dataset.cohort, document.body.dataset.plan]")

    def plan_json(self):
        cohort, plan = self.page_ids()
        return json.loads(self.api(f"/api/cohorts/{cohort}/plans/{plan}")[2])

    def wait_for_new_board(self, old_url):
        self.wait.until(lambda d: d.current_url != old_url and "/plans/" in d.current_url)
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.group")))

    def explain_moves(self, plan, candidate):
        """What `kring explain --candidate` says of each move: the same rule set as the board."""
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(plan, f)
            path = f.name
        try:
            out = subprocess.run(
                [self.binary, "explain", path, "--candidate", candidate, "--json"],
                capture_output=True, text=True, check=True).stdout
        finally:
            os.unlink(path)
        return json.loads(out)["moves"]

    def card(self, group):
        return self.driver.find_element(By.CSS_SELECTOR, f'article.group[data-group="{group}"]')

    def member(self, candidate):
        return self.driver.find_element(By.CSS_SELECTOR, f'li.member[data-candidate="{candidate}"]')

    # The scenario ------------------------------------------------------------------------

    @step("create a cohort")
    def create_cohort(self):
        self.driver.get(self.base + "/")
        form = self.wait.until(EC.presence_of_element_located((By.ID, "new-cohort")))
        form.find_element(By.NAME, "name").send_keys("Voorjaar 2027")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait.until(EC.url_contains("/cohorts/"))
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        self.wait.until(EC.presence_of_element_located((By.ID, "config-form")))

    @step("upload the sample: rules, facilitators, rooms, intake")
    def upload_sample(self):
        with open(os.path.join(ROOT, "Fixtures/sample/kring.yaml"), encoding="utf-8") as f:
            yaml = f.read()
        editor = self.wait.until(EC.presence_of_element_located(
            (By.CSS_SELECTOR, "#config-form textarea")))
        self.driver.execute_script(
            "arguments[0].closest('details').open = true; arguments[0].value = arguments[1];",
            editor, yaml)
        old = self.driver.find_element(By.TAG_NAME, "h1")
        self.driver.find_element(By.CSS_SELECTOR, "#config-form button[type=submit]").click()
        self.reloaded(old)
        for name in ["facilitators.csv", "rooms.csv"]:
            form = self.wait.until(EC.presence_of_element_located(
                (By.CSS_SELECTOR, f'form[data-name="{name}"]')))
            self.choose_file(f'form[data-name="{name}"]', os.path.join(ROOT, "Fixtures/sample", name))
            self.submit(f'form[data-name="{name}"]')
        form = self.wait.until(EC.presence_of_element_located(
            (By.CSS_SELECTOR, 'form[data-upload="intake"]')))
        self.choose_file('form[data-upload="intake"]', os.path.join(ROOT, "Fixtures/sample-en.csv"))
        self.submit('form[data-upload="intake"]')
        text = self.driver.find_element(By.ID, "intake").text
        assert "60 candidates" in text, "the readiness table does not count 60 candidates"

    @step("plan, with live progress, and see the groups")
    def plan(self):
        old = self.driver.current_url
        self.driver.find_element(By.ID, "plan-now").click()
        self.wait.until(EC.visibility_of_element_located((By.ID, "progress")))
        self.wait_for_new_board(old)
        cards = self.driver.find_elements(By.CSS_SELECTOR, "article.group")
        assert len(cards) == 9, f"expected the sample's 9 groups, saw {len(cards)}"
        assert "Board" in self.driver.title or "v1" in self.driver.title

    def find_moves(self):
        plan = self.plan_json()
        legal = refused = None
        for group in plan["groups"]:
            for member in group["members"]:
                for move in self.explain_moves(plan, member):
                    if move["feasible"] and legal is None:
                        legal = (member, move["group"])
                    if not move["feasible"] and refused is None and move["breaks"]:
                        refused = (member, move["group"], move["breaks"][0]["code"])
                if legal and refused:
                    return legal, refused
        raise AssertionError("no legal and refused move found in the sample's plan")

    @step("see a refused move explained")
    def refused_move(self, refused):
        who, target, code = refused
        self.driver.execute_script(DRAG, self.member(who), self.card(target))
        banner = self.wait.until(EC.visibility_of_element_located((By.ID, "refusal")))
        assert code in banner.text, f"the refusal does not name {code}: {banner.text!r}"
        assert "/plans/" in self.driver.current_url

    @step("move a person by drag and drop")
    def legal_move(self, legal):
        who, target = legal
        old = self.driver.current_url
        self.driver.execute_script(DRAG, self.member(who), self.card(target))
        self.wait_for_new_board(old)
        assert self.card(target).find_elements(
            By.CSS_SELECTOR, f'li.member[data-candidate="{who}"]'), f"{who} is not in {target}"
        flash = self.wait.until(EC.visibility_of_element_located((By.ID, "flash")))
        assert who in flash.text

    @step("lock a group")
    def lock(self):
        group = self.driver.find_element(By.CSS_SELECTOR, "article.group")
        gid = group.get_attribute("data-group")
        group.find_element(By.CSS_SELECTOR, "button.lock").click()
        self.reloaded(group)
        self.wait.until(lambda d: "locked" in self.card(gid).get_attribute("class"))
        return gid, sorted(self.plan_json_group(gid))

    def plan_json_group(self, gid):
        return next(g["members"] for g in self.plan_json()["groups"] if g["id"] == gid)

    @step("re-solve the rest; the locked group is kept")
    def resolve(self, locked):
        gid, members = locked
        if self.screenshot:
            self.driver.save_screenshot(self.screenshot)
        old = self.driver.current_url
        self.driver.find_element(By.ID, "resolve-rest").click()
        self.wait_for_new_board(old)
        assert sorted(self.plan_json_group(gid)) == members, "the locked group changed"
        assert "locked" in self.card(gid).get_attribute("class")

    @step("compare two versions")
    def compare(self):
        select = self.driver.find_element(By.ID, "compare-with")
        options = select.find_elements(By.TAG_NAME, "option")
        assert len(options) > 1
        options[1].click()
        self.wait.until(EC.url_contains("/compare"))
        assert self.driver.find_elements(By.CSS_SELECTOR, "table.diff, ul")
        self.driver.back()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.group")))

    @step("download the outputs")
    def download(self):
        link = self.driver.find_element(By.CSS_SELECTOR, "a[download][href*='audience=all']")
        href = link.get_attribute("href")
        status, kind, body = self.api(href[len(self.base):])
        assert status == 200 and kind == "application/zip" and body[:4] == b"PK\x03\x04"
        assert b"plan.json" in body and b"calendar.ics" in body

    @step("no console error, nothing loaded from outside")
    def clean(self):
        # The refused move's 409 is the answer the scenario asked for; chromium logs every
        # 4xx of a fetch as a network error, so that one line alone is expected.
        errors = [
            e for e in self.driver.get_log("browser")
            if e["level"] == "SEVERE"
            and not (e.get("source") == "network" and "/moves" in e["message"] and "409" in e["message"])
        ]
        assert not errors, f"console errors: {errors}"
        outside = set()
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                url = message["params"]["request"]["url"]
                if not (url.startswith(self.base) or url.startswith("data:")):
                    outside.add(url)
        assert not outside, f"loaded from outside: {sorted(outside)}"

    def run(self):
        self.create_cohort()
        self.upload_sample()
        self.plan()
        legal, refused = self.find_moves()
        self.refused_move(refused)
        self.legal_move(legal)
        locked = self.lock()
        self.resolve(locked)
        self.compare()
        self.download()
        self.clean()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--screenshot")
    args = parser.parse_args()
    scenario = Scenario(args.binary, args.screenshot)
    failed = 0
    try:
        scenario.run()
    except Exception:  # noqa: BLE001 - the step printed what failed
        failed = 1
    finally:
        scenario.close()
    print(f"{len(STEPS)} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
