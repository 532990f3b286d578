//! A browser session seen as a person uses it: go to a page, read it, fill fields by their
//! label, press buttons and links by their text, download, print, take pictures.

use super::*;

/// A headless Chromium at phone size (or another size, see [`Browser::open_at`]), in a
/// fresh profile, speaking French first.
pub struct Browser {
    client: Client,
    /// Where relative paths given to `goto` are resolved.
    pub base: String,
    name: String,
    /// Its screen in CSS pixels (width, height).
    size: (u32, u32),
    closed: bool,
    // Dropped after the client, in this order: chromedriver (and Chromium), then profile.
    driver: Driver,
    profile: tempfile::TempDir,
}

fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

impl Browser {
    /// A phone-sized browser ([`VIEWPORT`]).
    pub async fn open(name: &str, base: &str) -> Browser {
        Self::open_at(name, base, VIEWPORT).await
    }

    /// A browser whose screen is `size` CSS pixels (width, height): a phone (touch,
    /// pixel ratio 2) below 768 px wide, a computer (mouse, pixel ratio 1) from there.
    pub async fn open_at(name: &str, base: &str, size: (u32, u32)) -> Browser {
        let ratio = if size.0 < 768 { 2.0 } else { 1.0 };
        Self::open_with_ratio(name, base, size, ratio).await
    }

    /// Like [`Browser::open_at`], with `ratio` device pixels per CSS pixel (1 makes
    /// screenshots of exactly `size` pixels).
    pub async fn open_with_ratio(name: &str, base: &str, size: (u32, u32), ratio: f64) -> Browser {
        let chromium = chromium();
        for stale in ["png", "html"] {
            let _ = std::fs::remove_file(screens_dir().join(format!("FAILED-{name}.{stale}")));
        }
        let driver = Driver::start();
        let profile = tempfile::Builder::new()
            .prefix(&format!("palabre-chromium-{name}-"))
            .tempdir()
            .expect("create a Chromium profile folder");
        let (w, h) = size;
        let mobile = w < 768;
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-extensions",
                    "--password-store=basic",
                    "--lang=fr-FR",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={w},{h}"),
                ],
                "prefs": {
                    "intl.accept_languages": "fr-FR,fr",
                    // Downloads land in the profile, never in the home folder.
                    "download.default_directory": profile.path().join("downloads"),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "credentials_enable_service": false,
                    "profile.password_manager_enabled": false,
                },
                "mobileEmulation": {
                    "deviceMetrics": { "width": w, "height": h, "pixelRatio": ratio, "mobile": mobile, "touch": mobile },
                },
            },
        });
        // The console, read after every page: a page that breaks its own CSP (an inline
        // style, a script) or throws fails the test that opened it.
        let mut caps = caps;
        caps["goog:loggingPrefs"] = json!({ "browser": "ALL" });
        let Value::Object(caps) = caps else {
            unreachable!("capabilities are an object")
        };
        // Two rustls providers are compiled in (ring for reqwest, aws-lc-rs for
        // hyper-rustls): name one, or rustls picks none. A second call finds it set.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = ClientBuilder::rustls().expect("set up the WebDriver client");
        builder.capabilities(caps);
        let client = match tokio::time::timeout(SESSION_START, builder.connect(&driver.url)).await {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => panic!(
                "chromedriver could not start Chromium: {e}\nchromedriver said:\n{}\n{DEPS_HINT}",
                driver.output.text()
            ),
            Err(_) => panic!(
                "Chromium did not start within {SESSION_START:?}.\nchromedriver said:\n{}",
                driver.output.text()
            ),
        };
        let browser = Browser {
            client,
            base: base.trim_end_matches('/').to_string(),
            name: name.to_string(),
            size,
            closed: false,
            driver,
            profile,
        };
        // A page that asks for the device width, like every page of the site does.
        browser
            .goto("data:text/html,<meta name=viewport content='width=device-width'>")
            .await;
        let size = browser
            .js("return [window.innerWidth, window.innerHeight];")
            .await;
        assert_eq!(
            size,
            json!([w, h]),
            "the browser window is not {w}×{h} (innerWidth, innerHeight)"
        );
        browser
    }

    /// Its screen in CSS pixels (width, height).
    pub fn size(&self) -> (u32, u32) {
        self.size
    }

    /// Whether it is phone-sized ([`VIEWPORT`]).
    pub fn is_phone(&self) -> bool {
        self.size == VIEWPORT
    }

    /// The WebDriver client, for what the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Ends the session gracefully (Chromium quits). Drop does the rest.
    pub async fn close(mut self) {
        self.closed = true;
        let _ = tokio::time::timeout(WAIT, self.client.clone().close()).await;
    }

    fn url_for(&self, path_or_url: &str) -> String {
        if path_or_url.starts_with('/') {
            format!("{}{path_or_url}", self.base)
        } else {
            path_or_url.to_string()
        }
    }

    /// Opens a path on the server (`/admin`) or a full address; the console of the page
    /// left and of the page opened must hold no error.
    pub async fn goto(&self, path_or_url: &str) {
        self.assert_quiet_console().await;
        let url = self.url_for(path_or_url);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("could not open {url}: {e}"));
        self.assert_quiet_console().await;
    }

    /// The console's errors since the last look: CSP violations (inline style or script
    /// refused), script errors, refused resources. A page answered with an error status on
    /// purpose (404, 422) is not one: the tests ask for those.
    pub async fn console_errors(&self) -> Vec<String> {
        let Some(session) = self.client.session_id().await.ok().flatten() else {
            return Vec::new();
        };
        let url = format!("{}/session/{session}/se/log", self.driver.url);
        let answer = reqwest::Client::new()
            .post(url)
            .header("content-type", "application/json")
            .body(json!({ "type": "browser" }).to_string())
            .timeout(WAIT)
            .send()
            .await
            .expect("read the browser console");
        let log: Value =
            serde_json::from_str(&answer.text().await.unwrap_or_default()).unwrap_or(Value::Null);
        log["value"]
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .filter_map(|e| e["message"].as_str())
                    .filter(|m| {
                        !m.contains(
                            "Failed to load resource: the server responded with a status of",
                        )
                    })
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Fails the test when the console holds an error (see [`Browser::console_errors`]).
    pub async fn assert_quiet_console(&self) {
        let errors = self.console_errors().await;
        assert!(
            errors.is_empty(),
            "the browser console has errors on {}:\n{}",
            self.url().await,
            errors.join("\n")
        );
    }

    pub async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .expect("read the current address")
    }

    /// Path and query of the current page: `/admin?bienvenue=1`.
    pub async fn path(&self) -> String {
        let url = self
            .client
            .current_url()
            .await
            .expect("read the current address");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// Runs `script` (which must `return` something) in the page. For assertions only:
    /// the site itself has no JavaScript.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// The one element matching `css`, waiting for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                return el;
            }
            if Instant::now() >= deadline {
                panic!(
                    "nothing matches `{css}` on {} after {WAIT:?}.\nPage text:\n{}",
                    self.path().await,
                    self.page_text().await
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Every element matching `css` right now (maybe none).
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
    }

    pub async fn exists(&self, css: &str) -> bool {
        !self.find_all(css).await.is_empty()
    }

    /// Whether an element matching `css` is there and shown.
    pub async fn is_visible(&self, css: &str) -> bool {
        for el in self.find_all(css).await {
            if el.is_displayed().await.unwrap_or(false) {
                return true;
            }
        }
        false
    }

    /// The visible text of the one element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap_or_default()
    }

    /// The visible texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for el in self.find_all(css).await {
            out.push(el.text().await.unwrap_or_default());
        }
        out
    }

    /// The text of every element matching `css` as written in the page (`textContent`):
    /// unlike `texts`, keeps no-break spaces, which WebDriver turns into plain ones.
    pub async fn raw_texts(&self, css: &str) -> Vec<String> {
        let script = format!(
            "return Array.from(document.querySelectorAll({})).map(e => e.textContent);",
            json!(css)
        );
        serde_json::from_value(self.js(&script).await).unwrap_or_default()
    }

    /// The page's main heading, as read on screen.
    pub async fn h1(&self) -> String {
        self.text("h1").await
    }

    /// `<html lang>`.
    pub async fn lang(&self) -> String {
        self.find("html")
            .await
            .attr("lang")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Everything a person can read on the page.
    pub async fn page_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Panics unless the page shows `text` somewhere. When `text` is written with plain
    /// spaces only, no-break spaces in the page count as spaces (as a reader sees them);
    /// when it has no-break spaces, they must be in the page.
    pub async fn assert_sees(&self, text: &str) {
        let page = self.page_text().await;
        let seen = if text.contains(['\u{a0}', '\u{202f}']) {
            page.contains(text)
        } else {
            plain_spaces(&page).contains(text)
        };
        assert!(
            seen,
            "expected to read {text:?} on {}, the page says:\n{page}",
            self.path().await
        );
    }

    /// The form control whose `<label>` (or `aria-label`) reads exactly `label_or_id`,
    /// no-break spaces counting as spaces, or whose id it is.
    pub async fn field(&self, label_or_id: &str) -> Element {
        self.within("html").field(label_or_id).await
    }

    /// Types `value` into the field, replacing what was there.
    pub async fn fill(&self, label_or_id: &str, value: &str) {
        self.within("html").fill(label_or_id, value).await;
    }

    /// What the field holds now.
    pub async fn value(&self, label_or_id: &str) -> String {
        self.within("html").value(label_or_id).await
    }

    /// Picks the option whose `value` is `option_value` in a `<select>`.
    pub async fn select(&self, label_or_id: &str, option_value: &str) {
        self.within("html").select(label_or_id, option_value).await;
    }

    /// Sets a date field to `iso` (YYYY-MM-DD).
    pub async fn set_date(&self, label_or_id: &str, iso: &str) {
        self.within("html").set_date(label_or_id, iso).await;
    }

    /// Chooses the file at `path` in a file field.
    pub async fn attach(&self, label_or_id: &str, path: &Path) {
        self.within("html").attach(label_or_id, path).await;
    }

    /// The fields inside the one element matching `css` (a form, a section): for pages
    /// where two forms have fields with the same label.
    pub fn within(&self, css: &str) -> Within<'_> {
        Within {
            browser: self,
            scope: css.to_string(),
        }
    }

    /// Ticks a radio button or a checkbox, by its label or id.
    pub async fn choose(&self, label_or_id: &str) {
        let field = self.field(label_or_id).await;
        if !field.is_selected().await.unwrap_or(false) {
            field.click().await.expect("click the choice");
        }
    }

    pub async fn is_checked(&self, label_or_id: &str) -> bool {
        self.field(label_or_id)
            .await
            .is_selected()
            .await
            .unwrap_or(false)
    }

    /// The error message shown next to a field (inside its `.field` block), if any.
    pub async fn error_next_to(&self, label_or_id: &str) -> Option<String> {
        let field = self.field(label_or_id).await;
        let id = field.attr("id").await.ok().flatten()?;
        let xpath = format!(
            "//*[@id={}]/ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' field ')][1]\
             //*[contains(concat(' ', normalize-space(@class), ' '), ' error-message ')]",
            xpath_literal(&id)
        );
        let el = self.client.find(Locator::XPath(&xpath)).await.ok()?;
        el.text().await.ok()
    }

    /// Presses the visible button whose text is exactly `text`, and waits for the page it
    /// leads to (every button of this site sends a form).
    pub async fn click_button(&self, text: &str) {
        let lit = xpath_literal(&plain_spaces(text));
        let xpath = format!(
            "//button[normalize-space(translate(., '{NBSP}', '  '))={lit}] \
             | //input[(@type='submit' or @type='button') and @value={lit}]"
        );
        let el = self.one_visible(&xpath, "button", text).await;
        self.click_to_new_page(el, text).await;
    }

    /// Follows the visible link whose text is exactly `text`, and waits for the new page.
    /// No-break spaces in the page count as spaces.
    pub async fn click_link(&self, text: &str) {
        let el = self.one_visible(&link_xpath(text), "link", text).await;
        self.click_to_new_page(el, text).await;
    }

    /// Where the browser saves what it downloads (inside its own profile).
    pub fn downloads_dir(&self) -> PathBuf {
        self.profile.path().join("downloads")
    }

    /// Follows the visible link whose text is `text` to a file: the page stays, the file is
    /// downloaded. Returns where the browser saved it.
    pub async fn download_link(&self, text: &str) -> PathBuf {
        let el = self.one_visible(&link_xpath(text), "link", text).await;
        self.download(el, text).await
    }

    /// Follows the link `el` (named `text` in messages) to a file, as `download_link`.
    pub async fn download(&self, el: Element, text: &str) -> PathBuf {
        let dir = self.downloads_dir();
        let listing = || -> Vec<PathBuf> {
            std::fs::read_dir(&dir)
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default()
        };
        let before = listing();
        let page = self.url().await;
        el.click()
            .await
            .unwrap_or_else(|e| panic!("could not click {text:?}: {e}"));
        let deadline = Instant::now() + WAIT;
        let mut last: Option<(PathBuf, u64)> = None;
        loop {
            let now = listing();
            let in_progress = now.iter().any(|p| {
                p.extension()
                    .is_some_and(|e| e == "crdownload" || e == "tmp")
            });
            let new: Vec<&PathBuf> = now.iter().filter(|p| !before.contains(p)).collect();
            if !in_progress && new.len() == 1 {
                let size = std::fs::metadata(new[0]).map(|m| m.len()).unwrap_or(0);
                // Done once the size no longer changes between two looks.
                if last.as_ref() == Some(&(new[0].clone(), size)) {
                    break;
                }
                last = Some((new[0].clone(), size));
            }
            assert!(
                Instant::now() < deadline,
                "following {text:?} downloaded nothing within {WAIT:?} (in {}: {now:?})",
                dir.display()
            );
            tokio::time::sleep(POLL * 4).await;
        }
        assert_eq!(
            self.url().await,
            page,
            "following {text:?} left the page instead of downloading a file"
        );
        last.map(|(p, _)| p).expect("a downloaded file")
    }

    async fn one_visible(&self, xpath: &str, kind: &str, text: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            let mut visible = Vec::new();
            for el in self
                .client
                .find_all(Locator::XPath(xpath))
                .await
                .unwrap_or_default()
            {
                if el.is_displayed().await.unwrap_or(false) {
                    visible.push(el);
                }
            }
            match visible.len() {
                1 => return visible.remove(0),
                0 if Instant::now() < deadline => tokio::time::sleep(POLL).await,
                0 => {
                    let all = if kind == "link" { "a" } else { "button" };
                    panic!(
                        "no visible {kind} reading {text:?} on {}.\n{kind}s on the page: {:?}",
                        self.path().await,
                        self.texts(all).await
                    )
                }
                n => panic!("{n} visible {kind}s read {text:?} on {}", self.path().await),
            }
        }
    }

    /// Clicks, then waits until the old page is gone and the new one is loaded.
    async fn click_to_new_page(&self, el: Element, what: &str) {
        let old = self
            .client
            .find(Locator::Css("html"))
            .await
            .expect("find the current page");
        el.click()
            .await
            .unwrap_or_else(|e| panic!("could not click {what:?}: {e}"));
        self.wait_new_page(old, what).await;
    }

    /// Waits until the page whose root is `old` is gone and the new one is loaded.
    async fn wait_new_page(&self, old: Element, what: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            // A reference to the old page's root goes stale once the new page replaced it.
            if old.tag_name().await.is_err() {
                let state = self
                    .client
                    .execute("return document.readyState;", Vec::new())
                    .await;
                if matches!(state, Ok(Value::String(s)) if s == "complete") {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "clicking {what:?} did not lead to a new page within {WAIT:?} (still on {})",
                self.path().await
            );
            tokio::time::sleep(POLL).await;
        }
    }

    // ------------------------------------------------------------------------------
    // The keyboard alone
    // ------------------------------------------------------------------------------

    /// Presses `keys` on whatever has the keyboard focus (the page itself when nothing
    /// has), as a person with a keyboard and no mouse does. Special keys are
    /// [`fantoccini::key::Key`] characters: `Key::Tab.into()`, `Key::Space.into()`...
    pub async fn press(&self, keys: &str) {
        let target = self
            .client
            .active_element()
            .await
            .expect("find what has the keyboard focus");
        target
            .send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("could not press {keys:?}: {e}"));
    }

    /// Presses `keys` and waits for the page it leads to (Enter on a button).
    pub async fn press_to_new_page(&self, keys: &str, what: &str) {
        let old = self
            .client
            .find(Locator::Css("html"))
            .await
            .expect("find the current page");
        self.press(keys).await;
        self.wait_new_page(old, what).await;
    }

    /// What has the keyboard focus: its id (maybe empty) and its name as a screen reader
    /// says it (`aria-label`, else its `<label>`, else its text), spaces made plain.
    pub async fn focused(&self) -> (String, String) {
        let v = self
            .js("const e = document.activeElement;\
                 if (!e || e === document.body) { return ['', '']; }\
                 let name = e.getAttribute('aria-label');\
                 if (!name && e.labels && e.labels.length) { name = e.labels[0].textContent; }\
                 if (!name) { name = e.innerText || e.value || ''; }\
                 return [e.id || '', name.replace(/\\s+/g, ' ').trim()];")
            .await;
        let text = |i: usize| plain_spaces(v[i].as_str().unwrap_or_default());
        (text(0), text(1))
    }

    /// Whether what has the focus shows it (matches `:focus-visible`).
    pub async fn focus_is_visible(&self) -> bool {
        self.js("const e = document.activeElement;\
                 return !!e && e !== document.body && e.matches(':focus-visible');")
            .await
            .as_bool()
            .unwrap_or(false)
    }

    /// Presses Tab until the focus is on the control whose id or name is `id_or_name`;
    /// returns how many times Tab was pressed. Panics, with the path the focus took,
    /// if it is not reached within 100 presses.
    pub async fn tab_to(&self, id_or_name: &str) -> usize {
        let tab: char = fantoccini::key::Key::Tab.into();
        let mut path = Vec::new();
        for presses in 1..=100 {
            self.press(&tab.to_string()).await;
            let (id, name) = self.focused().await;
            if id == id_or_name || name == id_or_name {
                return presses;
            }
            path.push(if id.is_empty() {
                name
            } else {
                format!("#{id} {name}")
            });
        }
        panic!(
            "Tab never reached {id_or_name:?} on {}; the focus went through: {path:?}",
            self.path().await
        );
    }

    /// Signs in as `login` on the staff sign-in page, by its labels, as a person does.
    pub async fn sign_in_as(&self, login: &str, password: &str) {
        self.goto("/admin/connexion").await;
        self.fill("Identifiant", login).await;
        self.fill("Mot de passe", password).await;
        self.click_button("Se connecter").await;
    }

    /// Forgets every cookie of the current site: like a new visitor on this phone.
    pub async fn delete_cookies(&self) {
        self.client
            .delete_all_cookies()
            .await
            .expect("delete cookies");
    }

    /// Panics if the page is wider than the screen (a sideways scroll), naming the elements
    /// that stick out.
    pub async fn assert_fits_width(&self) {
        if let Some(why) = self.sideways_scroll().await {
            panic!("{why}");
        }
    }

    /// Why the page scrolls sideways (it is wider than the screen), naming the elements
    /// that stick out; `None` when it fits.
    pub async fn sideways_scroll(&self) -> Option<String> {
        let v = self
            .js(
                "const w = document.documentElement.clientWidth;\
                 const out = [];\
                 for (const el of document.querySelectorAll('body *')) {\
                   const r = el.getBoundingClientRect();\
                   if (r.right > w + 0.5 && out.length < 8) {\
                     out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +\
                       (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +\
                       ' (right edge ' + Math.round(r.right) + ')');\
                   }\
                 }\
                 return [document.documentElement.scrollWidth, w, out];",
            )
            .await;
        let scroll = v[0].as_u64().unwrap_or(u64::MAX);
        if scroll <= u64::from(self.size.0) {
            return None;
        }
        Some(format!(
            "{} scrolls sideways on a {} px wide screen: scrollWidth is {scroll}. Too wide: {}",
            self.path().await,
            self.size.0,
            v[2]
        ))
    }

    /// Saves the whole page, top to bottom, to `target/browser-screens/<name>.png`
    /// (just the screen if Chromium cannot do the whole page).
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        self.assert_quiet_console().await;
        // A page wider than a phone widens the phone's layout viewport: compare with
        // what it was before the capture, not with the screen.
        let before = self
            .js("return [window.innerWidth, window.innerHeight];")
            .await;
        let png = match self.full_page_png().await {
            Some(png) => png,
            None => self.client.screenshot().await.expect("take a screenshot"),
        };
        let path = screens_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write the screenshot");
        let size = self
            .js("return [window.innerWidth, window.innerHeight];")
            .await;
        assert_eq!(size, before, "the screenshot resized the screen");
        path
    }

    /// Chromium's own full-page capture, through chromedriver's DevTools passthrough. A
    /// page wider than the screen is captured whole, so that what sticks out is seen.
    async fn full_page_png(&self) -> Option<Vec<u8>> {
        let page = self
            .js("const d = document.documentElement;\
                 return [Math.ceil(d.scrollWidth), Math.ceil(d.scrollHeight)];")
            .await;
        let width = page[0].as_u64()?.max(u64::from(self.size.0));
        let height = page[1].as_u64()?;
        let result = self
            .devtools(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
                }),
            )
            .await?;
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(result.get("data")?.as_str()?)
            .ok()
    }

    /// Sends a Chrome DevTools Protocol command (`goog/cdp/execute`) and returns its
    /// result, or `None` if chromedriver refused it.
    pub async fn devtools(&self, cmd: &str, params: Value) -> Option<Value> {
        let session = self.client.session_id().await.ok()??;
        let url = format!("{}/session/{session}/goog/cdp/execute", self.driver.url);
        let body = json!({ "cmd": cmd, "params": params }).to_string();
        let answer = reqwest::Client::new()
            .post(url)
            .header("content-type", "application/json")
            .body(body)
            .timeout(WAIT)
            .send()
            .await
            .ok()?;
        if !answer.status().is_success() {
            return None;
        }
        let answer: Value = serde_json::from_str(&answer.text().await.ok()?).ok()?;
        answer.get("value").cloned()
    }

    /// When the test did not close the session (it failed): keep the page as a screenshot
    /// and as HTML when panicking, then close the session so that chromedriver ends
    /// Chromium itself. Drop cannot await, so this runs on a helper thread with its own
    /// small runtime; the session keeps running on the test runtime's worker threads.
    fn close_from_drop(&self) {
        let client = self.client.clone();
        let name = self.name.clone();
        let failed = std::thread::panicking();
        let job = std::thread::spawn(move || -> Option<String> {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async move {
                let t = Duration::from_secs(5);
                let said = if failed {
                    capture_failure(&client, &name).await
                } else {
                    None
                };
                let _ = tokio::time::timeout(t, client.close()).await;
                said
            })
        });
        let said = job.join().ok().flatten();
        if failed {
            eprintln!(
                "\n── browser ── {}",
                said.as_deref().unwrap_or("could not capture the page")
            );
            let log = self.driver.output.text();
            eprintln!("── chromedriver ──\n{log}");
        }
    }
}

/// No-break spaces (U+00A0, U+202F), as XPath `translate` source characters.
const NBSP: &str = "\u{a0}\u{202f}";

/// `s` with its no-break spaces (U+00A0, U+202F) turned into plain spaces: French
/// typography puts them before `:` and inside `« »`, and a reader sees spaces.
pub fn plain_spaces(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

/// Links reading `text`, no-break spaces counting as spaces.
fn link_xpath(text: &str) -> String {
    format!(
        "//a[normalize-space(translate(., '{NBSP}', '  '))={}]",
        xpath_literal(&plain_spaces(text))
    )
}

const CONTROL: &str = "self::input or self::textarea or self::select";

/// The form controls inside one part of the page (see [`Browser::within`]).
pub struct Within<'a> {
    browser: &'a Browser,
    scope: String,
}

impl Within<'_> {
    /// The form control in this part of the page whose `<label>` (or, for a control
    /// without one, `aria-label`) reads exactly `label_or_id`, no-break spaces counting as
    /// spaces, or whose id it is.
    pub async fn field(&self, label_or_id: &str) -> Element {
        let b = self.browser;
        let lit = xpath_literal(label_or_id);
        let plain = xpath_literal(&plain_spaces(label_or_id));
        let read = |what: &str| format!("normalize-space(translate({what}, '{NBSP}', '  '))");
        let by_id = format!(
            ".//*[{CONTROL}][@id={lit} or {}={plain}]",
            read("@aria-label")
        );
        let labels = format!(".//label[{}={plain}]", read("."));
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(scope) = b.client.find(Locator::Css(&self.scope)).await {
                let mut found = scope
                    .find_all(Locator::XPath(&by_id))
                    .await
                    .unwrap_or_default();
                if found.is_empty() {
                    // A label names its control with `for`, or wraps it.
                    let mut ids = Vec::new();
                    for label in scope
                        .find_all(Locator::XPath(&labels))
                        .await
                        .unwrap_or_default()
                    {
                        if let Ok(Some(id)) = label.attr("for").await {
                            ids.push(format!("@id={}", xpath_literal(&id)));
                        }
                    }
                    let by_for = if ids.is_empty() {
                        "false()".to_string()
                    } else {
                        ids.join(" or ")
                    };
                    let by_label = format!(".//*[{CONTROL}][{by_for}] | {labels}//*[{CONTROL}]");
                    found = scope
                        .find_all(Locator::XPath(&by_label))
                        .await
                        .unwrap_or_default();
                }
                match found.len() {
                    0 => {}
                    1 => return found.remove(0),
                    n => panic!(
                        "{n} fields are labelled or named {label_or_id:?} in `{}` on {}",
                        self.scope,
                        b.path().await
                    ),
                }
            }
            if Instant::now() >= deadline {
                let labels = b.texts(&format!("{} label", self.scope)).await;
                panic!(
                    "no field labelled {label_or_id:?} (nor with that id) in `{}` on {}.\nLabels there: {labels:?}",
                    self.scope,
                    b.path().await
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Types `value` into the field, replacing what was there.
    pub async fn fill(&self, label_or_id: &str, value: &str) {
        let field = self.field(label_or_id).await;
        field.clear().await.expect("clear the field");
        if !value.is_empty() {
            field
                .send_keys(value)
                .await
                .unwrap_or_else(|e| panic!("could not type into {label_or_id:?}: {e}"));
        }
        let typed = field.prop("value").await.ok().flatten().unwrap_or_default();
        assert_eq!(
            typed, value,
            "the field {label_or_id:?} did not take what was typed"
        );
    }

    /// What the field holds now.
    pub async fn value(&self, label_or_id: &str) -> String {
        self.field(label_or_id)
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Picks the option whose `value` is `option_value` in a `<select>`.
    pub async fn select(&self, label_or_id: &str, option_value: &str) {
        let field = self.field(label_or_id).await;
        field
            .select_by_value(option_value)
            .await
            .unwrap_or_else(|e| panic!("could not pick {option_value:?} in {label_or_id:?}: {e}"));
        let picked = field.prop("value").await.ok().flatten().unwrap_or_default();
        assert_eq!(
            picked, option_value,
            "the list {label_or_id:?} did not take the choice"
        );
    }

    /// Sets a date field (`<input type=date>`) to `iso` (YYYY-MM-DD). How a date is typed
    /// depends on the browser's locale, so the value is set as the date picker would,
    /// with the events it sends.
    pub async fn set_date(&self, label_or_id: &str, iso: &str) {
        let field = self.field(label_or_id).await;
        let kind = field.attr("type").await.ok().flatten().unwrap_or_default();
        assert_eq!(kind, "date", "{label_or_id:?} is not a date field");
        let el = serde_json::to_value(&field).expect("refer to the field");
        let set = self
            .browser
            .client
            .execute(
                "const el = arguments[0];\
                 el.value = arguments[1];\
                 el.dispatchEvent(new Event('input', { bubbles: true }));\
                 el.dispatchEvent(new Event('change', { bubbles: true }));\
                 return el.value;",
                vec![el, json!(iso)],
            )
            .await
            .unwrap_or_else(|e| panic!("could not set the date {label_or_id:?}: {e}"));
        assert_eq!(set, json!(iso), "the date {label_or_id:?} was refused");
    }

    /// Presses the visible button reading exactly `text` in this part of the page (the
    /// first element matching the scope), and waits for the page it leads to: for pages
    /// with one such button per item.
    pub async fn click_button(&self, text: &str) {
        self.click("button", text).await;
    }

    /// Follows the visible link in this part of the page whose text is exactly `text`.
    pub async fn click_link(&self, text: &str) {
        self.click("a", text).await;
    }

    async fn click(&self, tag: &str, text: &str) {
        let b = self.browser;
        let xpath = format!(
            ".//{tag}[normalize-space(translate(., '{NBSP}', '  '))={}]",
            xpath_literal(&plain_spaces(text))
        );
        let deadline = Instant::now() + WAIT;
        loop {
            let mut visible = Vec::new();
            if let Ok(scope) = b.client.find(Locator::Css(&self.scope)).await {
                for el in scope
                    .find_all(Locator::XPath(&xpath))
                    .await
                    .unwrap_or_default()
                {
                    if el.is_displayed().await.unwrap_or(false) {
                        visible.push(el);
                    }
                }
            }
            match visible.len() {
                1 => return b.click_to_new_page(visible.remove(0), text).await,
                0 if Instant::now() < deadline => tokio::time::sleep(POLL).await,
                0 => panic!(
                    "no visible {tag} reading {text:?} in `{}` on {}.\nThose there: {:?}",
                    self.scope,
                    b.path().await,
                    b.texts(&format!("{} {tag}", self.scope)).await
                ),
                n => panic!(
                    "{n} visible {tag} read {text:?} in `{}` on {}",
                    self.scope,
                    b.path().await
                ),
            }
        }
    }

    /// Chooses the file at `path` (absolute) in a file field.
    pub async fn attach(&self, label_or_id: &str, path: &Path) {
        let field = self.field(label_or_id).await;
        let kind = field.attr("type").await.ok().flatten().unwrap_or_default();
        assert_eq!(kind, "file", "{label_or_id:?} is not a file field");
        assert!(path.is_absolute(), "{} is not absolute", path.display());
        field
            .send_keys(&path.to_string_lossy())
            .await
            .unwrap_or_else(|e| panic!("could not choose a file in {label_or_id:?}: {e}"));
        let chosen = field.prop("value").await.ok().flatten().unwrap_or_default();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(
            chosen.ends_with(&name),
            "the field {label_or_id:?} holds {chosen:?}, not {name:?}"
        );
    }
}

/// The least time a person spends on a form, with a margin. Public forms carry a signed
/// stamp of when they were shown, and the site refuses those sent less than 2 s later
/// (counted in whole seconds): robots post at once, people do not.
pub const PERSON_PACE: Duration = Duration::from_millis(2500);

/// Waits, if needed, until [`PERSON_PACE`] has passed since `shown`, the moment the form's
/// page had loaded. This is the one deliberate wait of these tests: it stands for a person
/// reading and writing, not for the page (which the helpers above wait for by looking).
pub async fn pause_like_a_person(shown: Instant) {
    let left = (shown + PERSON_PACE).saturating_duration_since(Instant::now());
    if !left.is_zero() {
        tokio::time::sleep(left).await;
    }
}

/// Keeps the page a failed test ended on, as a screenshot and as HTML.
async fn capture_failure(client: &Client, name: &str) -> Option<String> {
    let t = Duration::from_secs(5);
    let url = tokio::time::timeout(t, client.current_url())
        .await
        .ok()?
        .ok()?;
    let dir = screens_dir();
    if let Ok(Ok(png)) = tokio::time::timeout(t, client.screenshot()).await {
        let _ = std::fs::write(dir.join(format!("FAILED-{name}.png")), png);
    }
    if let Ok(Ok(html)) = tokio::time::timeout(t, client.source()).await {
        let _ = std::fs::write(dir.join(format!("FAILED-{name}.html")), html);
    }
    Some(format!(
        "the browser was on {url}; the page is kept in {}",
        dir.join(format!("FAILED-{name}.png and .html")).display()
    ))
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.closed {
            self.close_from_drop();
        }
    }
}
