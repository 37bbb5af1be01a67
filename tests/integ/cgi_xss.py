#!/usr/bin/env python3
# cgi_xss.py - hostile input through every parameter of dateline.cgi, and
# proof that each page it returns carries only the markup its template
# writes.
#
# usage: cgi_xss.py --url http://127.0.0.1:PORT/dateline.cgi
#        cgi_xss.py --cgi PATH/dateline.cgi --db DB [--quick]
#
# Every page is parsed with html.parser and checked against the template's
# own vocabulary: the elements and attributes render_html.c writes, no
# event handler, no style attribute, exactly one <style> element (the same
# bytes each time: its hash is in the CSP), links only "?..." with known
# parameters percent-encoded (an article view's link may end in
# "#similar", the link asking for the top words in "#top-words"),
# "#main", or http(s).  The top words panel (words=1) of searches over
# the hostile articles is checked too: its words come from their text.  Headers must be the known set (no
# header injected through CR LF), the status 200 for every HTML page (422
# for a search over its budget, 404 for an article id that no article has)
# and, for format=json, 400 exactly when the HTML page reported a problem
# (422 when that problem was the budget, 404 for the unknown id; else
# 200), with a JSON body either way.  The article view of every hostile
# article the index holds is fetched, with a query to mark, and so is
# every view it links to (its near-duplicates).  No page may show internal
# error text.  The exports of every case (format=csv, format=atom) and
# the OpenSearch description are fetched too: the CSV must parse into rows
# of its nine columns, the feed and the description must parse as XML
# holding only their own elements and attributes, with links only to the
# page ("?..." with known parameters) or to http(s) addresses.  Exit
# status 0 when all hold, 1 otherwise.
import argparse
import csv
import io
import xml.etree.ElementTree as ET
import json
import os
import socket
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser

PAYLOADS = [
    b"<script>alert(1)</script>",
    b"\"><script>alert(1)</script>",
    b"'><script>alert(1)</script>",
    b"\"><svg onload=alert(1)>",
    b"'><svg/onload=alert(1)>",
    b"\" onmouseover=\"alert(1)",
    b"' onfocus='alert(1)' autofocus='",
    b"javascript:alert(1)",
    b"JaVaScRiPt:alert(1)",
    b"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    b"vbscript:msgbox(1)",
    b"&lt;script&gt;alert(1)&lt;/script&gt;",
    b"&#60;script&#62;alert(1)&#60;/script&#62;",
    b"&#x3C;img src=x onerror=alert(1)&#x3E;",
    b"%3Cscript%3Ealert(1)%3C/script%3E",
    b"%253Cscript%253E",
    b"+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    b"\x00<script>alert(1)</script>",
    b"\r\nSet-Cookie: pwned=1",
    b"\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>",
    b"\x1b[31mred\x07",
    b"\xc0\xbcscript\xc0\xbe",
    b"\xe0\x80\xbcscript",
    b"\xed\xa0\x80",
    b"\xff\xfe<\x00s\x00",
    b"\xef\xbb\xbf<script>alert(1)</script>",
    b"\xe2\x80\xaeevil\xe2\x80\xac",
    b"<img src=x onerror=alert(1)>",
    b"<iframe src=\"javascript:alert(1)\"></iframe>",
    b"<a href=\"javascript:alert(1)\">x</a>",
    b"<base href=\"http://evil.example/\">",
    b"<meta http-equiv=\"refresh\" content=\"0;url=http://evil.example\">",
    b"<style>body{background:red}</style>",
    b"</title><script>alert(1)</script>",
    b"</textarea><script>alert(1)</script>",
    b"--><script>alert(1)</script><!--",
    b"<![CDATA[<script>alert(1)</script>]]>",
    b"<svg><script>alert(1)</script></svg>",
    b"<math><mtext><script>alert(1)</script>",
    b"\"style=\"background:url(javascript:alert(1))",
    b"expression(alert(1))",
    b"`-alert(1)-`",
    b"${alert(1)}",
    b"{{constructor.constructor('alert(1)')()}}",
    b"?q=x&source=y",
    b"a&page=0&format=json",
    b"2020-01-01\"><script>",
    b"2020-13-45",
    b"en\"><script>",
    b"1 OR 1=1",
    b"' OR '1'='1",
    b"A" * 5000,
    b"<script>" * 300,
    "\u00e9".encode() * 600,
    b"\t\n\r",
    b"\x7f\xc2\x80\xc2\x9f",
    b"<x onclick=alert(1)>click",
    b"\"autofocus onfocus=alert(1) x=\"",
    b"http://evil.example/\"><script>",
    b"//evil.example",
    b"hostile",
]

PARAMS = ["q", "page", "sort", "from", "to", "source", "lang", "format",
          "show", "words", "utm_source"]

TAGS = {
    "html": {"lang"}, "head": set(), "meta": {"charset", "name", "content"},
    "title": {"id"}, "style": set(), "body": set(),
    "a": {"class", "href", "rel"}, "header": set(), "div": {"class"},
    "form": {"method", "role"},
    "label": {"class", "for"}, "input": {"type", "id", "name", "maxlength",
                                         "autofocus", "placeholder", "value"},
    "button": {"type"}, "span": {"class", "aria-current"},
    "main": {"id"}, "h1": {"class"}, "h2": {"id"}, "p": {"class", "role"},
    "ul": {"class"}, "li": {"class"}, "ol": {"class", "start"},
    "article": {"class"}, "time": {"datetime"}, "mark": set(),
    "section": {"id"},
    "nav": {"class", "aria-label"}, "strong": {"aria-current"},
    "code": set(), "aside": {"aria-label"}, "figure": set(),
    "svg": {"role", "aria-labelledby", "viewbox", "preserveaspectratio"},
    "desc": {"id"}, "rect": {"x", "y", "width", "height", "fill"},
    "figcaption": set(), "footer": set(),
    "link": {"rel", "type", "title", "href"},
}
ATOM = "{http://www.w3.org/2005/Atom}"
FEED_TAGS = {ATOM + t: a for t, a in {
    "feed": set(), "title": {"type"}, "id": set(), "updated": set(),
    "link": {"rel", "type", "href"}, "author": set(), "name": set(),
    "generator": set(), "entry": set(), "summary": {"type"},
    "category": {"term"}}.items()}
OSD = "{http://a9.com/-/spec/opensearch/1.1/}"
OSD_TAGS = {OSD + t: a for t, a in {
    "OpenSearchDescription": set(), "ShortName": set(),
    "Description": set(), "InputEncoding": set(),
    "Url": {"type", "method", "template", "rel"}}.items()}
CSV_HEADER = ["rank", "id", "date", "source", "title", "url", "lang",
              "score", "cluster_size"]
VOID = {"meta", "input"}
LINK_PARAMS = {"q", "page", "sort", "from", "to", "source", "lang", "show",
               "format", "words"}
URL_SAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
               b"0123456789-._~+%")
HEADERS = {"status", "content-type", "content-length", "x-content-type-options",
           "content-security-policy", "referrer-policy", "x-frame-options",
           "allow", "date", "server", "accept-ranges", "connection",
           "keep-alive", "content-disposition"}
LEAKS = [b"Xapian", b"Error:", b"error:", b"dl_", b"Traceback",
         b"AddressSanitizer", b"runtime error", b"EINVAL", b"exception",
         b".db", b"/tmp/", b"DATELINE"]


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.styles = []
        self.in_style = False
        self.alert = False
        self.home = False
        self.h1 = None
        self.in_h1 = False
        self.views = []  # the article views it links to

    def handle_starttag(self, tag, attrs):
        allowed = TAGS.get(tag)
        if allowed is None:
            self.problems.append("unexpected element <%s>" % tag)
            return
        for name, value in attrs:
            if name not in allowed:
                self.problems.append("unexpected attribute %s on <%s>"
                                     % (name, tag))
            if name.startswith("on") or name in ("style", "src", "srcdoc",
                                                 "action", "formaction"):
                self.problems.append("dangerous attribute %s=%r"
                                     % (name, value))
            if name == "href":
                self.check_href(value or "")
            if name == "role" and value == "alert":
                self.alert = True
        if tag == "meta":
            d = dict(attrs)
            if "http-equiv" in d or (
                    "name" in d and d["name"] not in
                    ("viewport", "referrer", "robots")):
                self.problems.append("unexpected meta %r" % d)
        if tag == "style":
            self.in_style = True
            self.styles.append("")
        if tag == "h1":
            self.in_h1 = True
            self.h1 = ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if self.in_style:
            self.styles[-1] += data
        if self.in_h1:
            self.h1 += data

    def handle_comment(self, data):
        self.problems.append("unexpected comment %r" % data[:40])

    def handle_pi(self, data):
        self.problems.append("unexpected processing instruction")

    def unknown_decl(self, data):
        self.problems.append("unexpected declaration %r" % data[:40])

    def check_href(self, v):
        if v == "#main":
            return
        if v.startswith("?"):
            if v == "?":
                return
            for frag in ("#similar", "#top-words"):
                if v.endswith(frag):
                    v = v[:-len(frag)]
            if v.startswith("?show="):
                self.views.append(v[1:])
            for pair in v[1:].split("&"):
                name, eq, val = pair.partition("=")
                if name not in LINK_PARAMS or not eq:
                    self.problems.append("link parameter %r" % pair[:60])
                elif not set(val.encode()) <= URL_SAFE:
                    self.problems.append("unencoded link value %r" % val[:60])
            return
        scheme = v.split(":", 1)[0].lower()
        if scheme not in ("http", "https") or not v.lower().startswith(
                scheme + "://"):
            self.problems.append("link scheme in %r" % v[:60])
        if any(c in v for c in "\"'<> \t\r\n\\`"):
            self.problems.append("raw character in link %r" % v[:60])


def http_get(url, qs):
    """GET url?qs on a fresh connection; qs is bytes sent as they are."""
    u = urllib.parse.urlsplit(url)
    s = socket.create_connection((u.hostname, u.port), timeout=30)
    s.sendall(b"GET " + u.path.encode() + b"?" + qs +
              b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    return status, lines[1:], body


def cgi_get(prog, db, qs):
    env = dict(os.environ, REQUEST_METHOD="GET", QUERY_STRING=qs.decode(
        "latin-1"), DATELINE_DB=db)
    env.pop("DATELINE_CONF", None)
    # Environment strings cannot hold NUL: the server would not pass one.
    env["QUERY_STRING"] = env["QUERY_STRING"].replace("\0", "")
    p = subprocess.run([prog], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    if p.returncode != 0 or b"runtime error" in p.stderr or \
            b"Sanitizer" in p.stderr:
        raise RuntimeError("exit %d: %s" % (p.returncode, p.stderr[:500]))
    head, _, body = p.stdout.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ")[1])
    return status, lines, body


class Checker:
    def __init__(self, fetch):
        self.fetch = fetch
        self.failures = 0
        self.pages = 0
        self.style = None
        self.server_refusals = 0

    def refused(self, status, lines):
        """The web server's own 400 (lighttpd refuses %00 in a URL): the
        request never reached dateline.cgi."""
        if status == 400 and not any(
                l.lower().startswith(b"content-security-policy:")
                for l in lines):
            self.server_refusals += 1
            return True
        return False

    def fail(self, what, qs, msg):
        self.failures += 1
        print("FAIL %s [%r]: %s" % (what, qs[:120], msg))

    def headers(self, what, qs, lines, ctype):
        names = {}
        for line in lines:
            name, sep, value = line.partition(b":")
            if not sep:
                self.fail(what, qs, "malformed header line %r" % line[:80])
                continue
            n = name.decode("latin-1").strip().lower()
            names[n] = value.strip()
            if n not in HEADERS:
                self.fail(what, qs, "unexpected header %r" % line[:80])
        if names.get("content-type") != ctype:
            self.fail(what, qs, "content type %r" % names.get("content-type"))
        if names.get("x-content-type-options") != b"nosniff":
            self.fail(what, qs, "no nosniff")
        if b"default-src 'none'" not in names.get("content-security-policy",
                                                   b""):
            self.fail(what, qs, "no CSP")

    def leaks(self, what, qs, body):
        for word in LEAKS:
            # The JSON schema (SPEC 5) and the CSV carry each article's id
            # and path, and the article view shows the id it was asked
            # for.
            if word == b"/tmp/" and (what in ("json", "csv") or
                                     b"show=" in qs):
                continue
            if word in body:
                self.fail(what, qs, "internal text %r in the page" % word)

    def html(self, qs):
        what = "html"
        status, lines, body = self.fetch(qs)
        self.pages += 1
        if self.refused(status, lines):
            return None
        if status != 200 and not (status == 422 and
                                  b"This search is too expensive" in body) \
                and not (status == 404 and b"No such article" in body):
            self.fail(what, qs, "status %d" % status)
        self.headers(what, qs, lines, b"text/html; charset=utf-8")
        self.leaks(what, qs, body)
        if b"<script" in body.lower():
            self.fail(what, qs, "raw <script in the page")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as e:
            self.fail(what, qs, "page is not UTF-8: %s" % e)
            return None
        p = Page()
        p.status = status
        p.feed(text)
        p.close()
        for problem in p.problems:
            self.fail(what, qs, problem)
        if len(p.styles) != 1:
            self.fail(what, qs, "%d style elements" % len(p.styles))
        elif self.style is None:
            self.style = p.styles[0]
        elif p.styles[0] != self.style:
            self.fail(what, qs, "the style element changed")
        return p

    def json(self, qs, problem):
        what = "json"
        status, lines, body = self.fetch(qs)
        self.pages += 1
        if self.refused(status, lines):
            return
        self.headers(what, qs, lines, b"application/json; charset=utf-8")
        self.leaks(what, qs, body)
        try:
            d = json.loads(body)
        except ValueError as e:
            self.fail(what, qs, "not JSON: %s" % e)
            return
        want = 400 if problem else 200
        # A search over its budget is a problem of its own kind (422).
        if problem and status == 422 and "too expensive" in d.get("error",
                                                                 ""):
            want = 422
        if problem == 404:
            want = 404
        if status != want:
            self.fail(what, qs, "status %d, want %d (%r)"
                      % (status, want, body[:120]))
        if status in (400, 404, 422) and list(d) != ["error"]:
            self.fail(what, qs, "error body %r" % body[:120])
        if status == 200 and "hits" not in d and (
                b"show=" not in qs or "paragraphs" not in d):
            self.fail(what, qs, "no hits nor article in %r" % body[:120])

    def xml_doc(self, what, qs, body, vocabulary):
        """body parses as XML of the vocabulary; every address in it goes
        to the page with known parameters or to http(s)."""
        try:
            root = ET.fromstring(body)
        except ET.ParseError as e:
            self.fail(what, qs, "not XML: %s" % e)
            return None
        for el in root.iter():
            allowed = vocabulary.get(el.tag)
            if allowed is None:
                self.fail(what, qs, "unexpected element %r" % el.tag)
                continue
            for name, value in el.attrib.items():
                if name not in allowed:
                    self.fail(what, qs, "unexpected attribute %r on %r"
                              % (name, el.tag))
                if name in ("href", "template"):
                    p = Page()
                    p.check_href(value.replace("{searchTerms}", "x"))
                    for problem in p.problems:
                        self.fail(what, qs, problem)
        return root

    def export(self, qs, fmt):
        """The export fmt (b"csv" or b"atom") of the search qs."""
        what = fmt.decode()
        status, lines, body = self.fetch(qs + b"&format=" + fmt)
        self.pages += 1
        if self.refused(status, lines):
            return
        self.leaks(what, qs, body)
        if status != 200 or body.lstrip().startswith(b"<!DOCTYPE html>"):
            # The search could not run: the page says why.
            if status not in (200, 404, 422):
                self.fail(what, qs, "status %d" % status)
            self.headers(what, qs, lines, b"text/html; charset=utf-8")
            return
        if fmt == b"csv":
            self.headers(what, qs, lines, b"text/csv; charset=utf-8")
            try:
                rows = list(csv.reader(io.StringIO(body.decode("utf-8"),
                                                   newline="")))
            except (UnicodeDecodeError, csv.Error) as e:
                self.fail(what, qs, "CSV does not parse: %s" % e)
                return
            if not rows or rows[0] != CSV_HEADER or \
                    any(len(r) != len(CSV_HEADER) for r in rows):
                self.fail(what, qs, "CSV rows %r" % rows[:2])
            return
        self.headers(what, qs, lines, b"application/atom+xml; charset=utf-8")
        if b"<script" in body.lower() or b"]]>" in body:
            self.fail(what, qs, "raw markup in the feed")
        root = self.xml_doc(what, qs, body, FEED_TAGS)
        if root is not None:
            for e in root.findall(ATOM + "entry"):
                for f in ("title", "link", "id", "updated"):
                    if e.find(ATOM + f) is None:
                        self.fail(what, qs, "entry without %s" % f)

    def opensearch(self, qs):
        status, lines, body = self.fetch(qs)
        self.pages += 1
        if self.refused(status, lines):
            return
        if status != 200:
            self.fail("opensearch", qs, "status %d" % status)
        self.headers("opensearch", qs, lines,
                     b"application/opensearchdescription+xml; charset=utf-8")
        self.xml_doc("opensearch", qs, body, OSD_TAGS)

    def case(self, qs):
        p = self.html(qs)
        if p is None:
            return
        # The HTML page reports a problem (or has nothing to search) exactly
        # when the JSON answer must be a 400 (a 404 for an unknown id).
        problem = p.alert or p.h1 == "Search the news archive"
        if p.status == 404:
            problem = 404
        self.json(qs + b"&format=json", problem)
        return p

    def views(self, qs):
        """The article view of every hit of qs (fetched as JSON), with
        qs's query marked, and every view those pages link to."""
        status, _, body = self.fetch(qs + b"&format=json")
        if status != 200:
            self.fail("json", qs, "status %d" % status)
            return 0
        seen = set()
        todo = [b"show=" + enc(h["id"].encode()) + b"&" + qs
                for h in json.loads(body)["hits"]]
        while todo:
            link = todo.pop()
            if link in seen:
                continue
            seen.add(link)
            p = self.case(link)
            if p is not None:
                todo.extend(v.encode() for v in p.views)
        return len(seen)


def enc(b):
    return urllib.parse.quote_from_bytes(b, safe="").encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url")
    ap.add_argument("--cgi")
    ap.add_argument("--db")
    ap.add_argument("--quick", action="store_true",
                    help="the q parameter only, raw bytes")
    a = ap.parse_args()
    if a.url:
        def fetch(qs):
            return http_get(a.url, qs)
    else:
        def fetch(qs):
            return cgi_get(a.cgi, a.db, qs)
    c = Checker(fetch)
    n = 0
    for pl in PAYLOADS:
        if a.quick:
            if b"format=" in pl:
                continue  # raw, it is a real format parameter
            c.case(b"q=" + pl)
            c.export(b"q=" + pl, b"atom")
            n += 1
            continue
        for name in PARAMS:
            # Filters ride on a query that finds the hostile articles, so
            # the hostile value lands on a page of results.
            base = b"" if name == "q" else b"q=hostile&"
            if name == "format":
                c.html(base + b"format=" + enc(pl))
                n += 1
                continue
            c.case(base + name.encode() + b"=" + enc(pl))
            # The same search exported, and the description asked with it.
            if name != "show":
                c.export(base + name.encode() + b"=" + enc(pl), b"csv")
                c.export(base + name.encode() + b"=" + enc(pl), b"atom")
            if name in ("q", "utm_source"):
                c.opensearch(base + name.encode() + b"=" + enc(pl) +
                             b"&format=opensearch")
            n += 1
        c.case(b"q=hostile&" + enc(pl) + b"=1")
        n += 1
    # Pages of results over hostile articles, every sort and facet link.
    for qs in (b"q=hostile", b"q=hostile&sort=newest", b"q=alert",
               b"q=script", b"q=onerror", b"q=%22hostile+words%22",
               b"q=hostile&page=2", b"source=" + enc(b"\"><img src=x "
                                                     b"onerror=alert(1)>"),
               b"q=hostile&words=1", b"q=alert&words=1&sort=newest",
               b"q=script&words=1&page=2", b"q=onerror&words=1",
               b"source=" + enc(b"\"><img src=x onerror=alert(1)>") +
               b"&words=1"):
        c.case(qs)
        c.export(qs, b"csv")
        c.export(qs, b"atom")
        n += 1
    c.opensearch(b"format=opensearch")
    # The view of each hostile article, its words marked, and of every
    # near-duplicate it lists.
    for qs in (b"q=hostile", b"q=script", b"q=%22hostile+words%22+alert",
               b"q=hostilepage"):
        n += c.views(qs)
    print("%d cases, %d pages checked, %d refused by the server, "
          "%d failures" % (n, c.pages, c.server_refusals, c.failures))
    if len(PAYLOADS) < 50:
        print("FAIL: fewer than 50 payloads")
        return 1
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
