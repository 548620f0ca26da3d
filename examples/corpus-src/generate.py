#!/usr/bin/env python3
"""Renders articles.py into examples/corpus: each fictional outlet in its own
format with its own page furniture. Deterministic: the same input gives the
same bytes. Run from anywhere: python3 examples/corpus-src/generate.py
"""
import gzip, html, io, json, os, re, shutil, sys
from datetime import datetime
from email.utils import format_datetime

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from articles import ARTICLES

OUT = os.path.join(HERE, "..", "corpus")
OUTLETS = {
    "hg": ("The Harbour Gazette", "harbourgazette.example", "harbour-gazette"),
    "nc": ("Northfield Courier", "northfieldcourier.example", "northfield-courier"),
    "mw": ("Meridian Wire", "meridianwire.example", "meridian-wire"),
    "vd": ("Valecrest Daily", "valecrest.example", "valecrest-daily"),
    "lr": ("The Lantern Review", "lanternreview.example", "lantern-review"),
    "cp": ("Coastline Post", "coastlinepost.example", "coastline-post"),
    "rt": ("Ridgeway Times", "ridgewaytimes.example", "ridgeway-times"),
    "bh": ("Bluewater Herald", "bluewaterherald.example", "bluewater-herald"),
}
BY_KEY = {a["key"]: a for a in ARTICLES}


def body_of(article):
    body = article["body"]
    if isinstance(body, str) and body.startswith("SYNDICATE:"):
        parts = body.split(":")
        source = body_of(BY_KEY[parts[1]])
        return source[: int(parts[2])] if len(parts) > 2 else list(source)
    return body


def slug(title):
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


def url_of(article):
    _, domain, _ = OUTLETS[article["outlet"]]
    day = (article["date"] or "2025-01-01")[:10].replace("-", "/")
    return f"https://{domain}/{day}/{slug(article['title'] or article['key'])}"


def when(article):
    return datetime.fromisoformat(article["date"]) if article["date"] else None


def write(path, data):
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(full, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": "\n"})) as f:
        f.write(data)


def gz(data):
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as f:
        f.write(data)
    return buffer.getvalue()


def paragraphs_html(body, subhead_tag="h2"):
    out = []
    for p in body:
        if p.startswith("## "):
            out.append(f"<{subhead_tag}>{html.escape(p[3:])}</{subhead_tag}>")
        else:
            out.append(f"<p>{html.escape(p)}</p>")
    return out


def related(others):
    return [o for o in ARTICLES if o["outlet"] == others["outlet"] and o["key"] != others["key"]][:3]


# ------------------------------------------------------------------ The Harbour Gazette: HTML with JSON-LD
def harbour_gazette(article, charset="utf-8"):
    name, domain, _ = OUTLETS["hg"]
    url = url_of(article)
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article["title"],
          "datePublished": article["date"], "author": [{"@type": "Person", "name": article["byline"]}],
          "publisher": {"@type": "Organization", "name": name}, "mainEntityOfPage": url}
    body = paragraphs_html(body_of(article))
    body.insert(2, '<div class="newsletter-signup"><h3>The Morning Tide</h3><p>Sign up for our morning newsletter to get the day\'s news in your inbox.</p><button>Subscribe</button></div>')
    links = "".join(f'<li><a href="{url_of(o)}">{html.escape(o["title"])}</a></li>' for o in related(article))
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="{charset}">
<title>{html.escape(article['title'])} | {name}</title>
<link rel="canonical" href="{url}?utm_source=rss">
<meta property="og:site_name" content="{name}">
<meta property="og:title" content="{html.escape(article['title'])}">
<script type="application/ld+json">{json.dumps(ld)}</script>
<style>body {{ font-family: serif; }}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><div class="masthead">{name}</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/port">Port</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<main id="main">
<article>
<h1>{html.escape(article['title'])}</h1>
{f'<p class="standfirst">{html.escape(article["standfirst"])}</p>' if article.get('standfirst') else ''}
<div class="byline">By <a href="/staff/{slug(article['byline'])}">{html.escape(article['byline'])}</a></div>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email this</a></div>
<figure><img src="/img/{article['key']}.jpg" alt=""><figcaption>Photo: Harbour Gazette archive. The waterfront in an earlier year.</figcaption></figure>
<div class="article-body">
{chr(10).join(body)}
</div>
<aside class="related"><h3>Related stories</h3><ul>{links}</ul></aside>
</article>
<section id="comments" class="comments">
<h3>3 comments</h3>
<div class="comment"><p class="comment-author">harbourwatcher</p><p>“This is exactly what happens when nobody listens,” I said to my neighbour this morning. Shameful all round.</p></div>
<div class="comment"><p class="comment-author">Greta</p><p>Does anyone know whether the ferries are still running on the north route this week?</p></div>
</section>
</main>
<footer><p>© 2025 {name}. All rights reserved.</p><p><a href="/about">About us</a> · <a href="/privacy">Privacy</a></p></footer>
</body>
</html>
"""
    return page.encode(charset if charset != "utf-8" else "utf-8", errors="strict")


# ------------------------------------------------------------------ Northfield Courier: meta tags, <time>, ads
def northfield_courier(article):
    name, domain, _ = OUTLETS["nc"]
    url = url_of(article)
    body = paragraphs_html(body_of(article), "h3")
    body.insert(min(2, len(body)), '<p class="ad-label">Advertisement</p>')
    links = "".join(f'<li><a href="{url_of(o)}">{html.escape(o["title"])}</a></li>' for o in related(article))
    dek = f'<p class="dek">{html.escape(article["standfirst"])}</p>' if article.get("standfirst") else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(article['title'])} - Northfield Courier</title>
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{name}">
<meta property="article:published_time" content="{article['date']}">
<meta name="author" content="{html.escape(article['byline'])}">
<meta name="description" content="{html.escape(body_of(article)[0][:150])}">
</head>
<body class="story-page">
<div id="cookie-consent">We use cookies to improve your experience. <button>Accept</button></div>
<div class="top-bar"><a href="/">Northfield Courier</a> | <a href="/subscribe">Subscribe</a> | <a href="/login">Log in</a></div>
<div class="layout">
<div class="main-column">
<div class="story-header">
<h1 class="headline">{html.escape(article['title'])}</h1>
{dek}
<p class="author-line">By {html.escape(article['byline'])}</p>
<time datetime="{article['date']}">{when(article).strftime('%d %B %Y, %H:%M')}</time>
</div>
<div class="story">
{chr(10).join(body)}
<p>Share this article</p>
</div>
<div class="related-links"><h4>More from the Courier</h4><ul>{links}</ul></div>
</div>
<div class="sidebar"><h4>Most read</h4><ol><li><a href="/a">Harbour board names new chief engineer</a></li><li><a href="/b">Tram fares to rise in June</a></li></ol></div>
</div>
<div class="footer">Northfield Courier, 12 Mill Lane, Northfield. Copyright 2025 Northfield Courier</div>
</body>
</html>
""".encode("utf-8")


# ------------------------------------------------------------------ Meridian Wire: JSON lines, news-please fields
def meridian_wire(article):
    name, domain, _ = OUTLETS["mw"]
    dt = when(article)
    return {"title": article["title"], "maintext": "\n".join(body_of(article)), "url": url_of(article),
            "date_publish": dt.strftime("%Y-%m-%d %H:%M:%S%z") if dt else None, "date_download": "2025-11-01 00:00:00",
            "authors": [article["byline"]], "source_domain": domain, "language": "en", "description": None,
            "image_url": None, "filename": slug(article["title"]) + ".json", "localpath": None}


# ------------------------------------------------------------------ Valecrest Daily: RSS 2.0 with content:encoded
def valecrest_daily(articles):
    name, domain, _ = OUTLETS["vd"]
    items = []
    for article in articles:
        body = paragraphs_html(body_of(article))
        body.append("<p>Share this article</p>")
        body.append("<p>Sign up for the Valecrest Morning newsletter to get the day's news in your inbox.</p>")
        content = "\n".join(body)
        items.append(f"""  <item>
    <title>{html.escape(article['title'])}</title>
    <link>{url_of(article)}</link>
    <guid isPermaLink="true">{url_of(article)}</guid>
    <pubDate>{format_datetime(when(article))}</pubDate>
    <dc:creator>{html.escape(article['byline'])}</dc:creator>
    <description>{html.escape(body_of(article)[0])}</description>
    <content:encoded><![CDATA[{content}]]></content:encoded>
  </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>{name}</title>
  <link>https://{domain}/</link>
  <description>News from Valecrest and the region</description>
  <language>en</language>
{chr(10).join(items)}
</channel>
</rss>
""".encode("utf-8")


# ------------------------------------------------------------------ Coastline Post: Atom
def coastline_post(articles):
    name, domain, _ = OUTLETS["cp"]
    entries = []
    for article in articles:
        body = paragraphs_html(body_of(article))
        if article["byline"] == "Meridian Wire":
            body.append("<p>This story was originally published by Meridian Wire.</p>")
        entries.append(f"""  <entry>
    <title>{html.escape(article['title'])}</title>
    <link rel="alternate" href="{url_of(article)}"/>
    <id>{url_of(article)}</id>
    <published>{article['date']}</published>
    <updated>{article['date']}</updated>
    <author><name>{html.escape(article['byline'])}</name></author>
    <content type="html">{html.escape(chr(10).join(body))}</content>
  </entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>{name}</title>
  <id>https://{domain}/</id>
  <updated>2025-09-10T18:00:00+02:00</updated>
  <link rel="self" href="https://{domain}/atom.xml"/>
{chr(10).join(entries)}
</feed>
""".encode("utf-8")


# ------------------------------------------------------------------ Ridgeway Times: WordPress-like HTML in a WARC
def ridgeway_page(article):
    name, domain, _ = OUTLETS["rt"]
    body = paragraphs_html(body_of(article))
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="UTF-8"><title>{html.escape(article['title'])} &#8211; {name}</title>
<meta property="og:site_name" content="{name}"></head>
<body class="single single-post">
<div id="page"><div id="masthead" class="site-header"><p class="site-title">{name}</p>
<div class="menu-primary"><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li></ul></div></div>
<div id="content"><div id="primary"><div class="post">
<h1 class="entry-title">{html.escape(article['title'])}</h1>
<div class="entry-meta">Posted on <time class="entry-date" datetime="{article['date']}">{when(article).strftime('%B %d, %Y')}</time> by <a rel="author" href="/author/{slug(article['byline'])}">{html.escape(article['byline'])}</a></div>
<div class="entry-content">
{chr(10).join(body)}
<div class="sharedaddy"><h3>Share this:</h3><ul><li><a href="#">Twitter</a></li><li><a href="#">Facebook</a></li></ul></div>
<div class="jp-relatedposts"><h3>Related</h3><p><a href="/x">Council approves new bus depot</a></p></div>
</div>
</div>
<div id="respond" class="comment-respond"><h3>Leave a Reply</h3>
<form><p>Your email address will not be published.</p><p>Required fields are marked *</p>
<p><label>Comment *</label><textarea></textarea></p><p><input type="submit" value="Post Comment"></p></form></div>
</div></div>
<div id="colophon"><p>Proudly powered by a content system. © 2025 {name}</p></div>
</div></body></html>
""".encode("utf-8")


def warc_record(fields, payload):
    header = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields) + f"Content-Length: {len(payload)}\r\n\r\n"
    return gz(header.encode("utf-8") + payload + b"\r\n\r\n")


def ridgeway_warc(articles):
    records = []
    info = b"software: parallax corpus generator\r\nformat: WARC File Format 1.0\r\n"
    records.append(warc_record([("WARC-Type", "warcinfo"), ("WARC-Date", "2025-11-01T00:00:00Z"),
                                ("WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-000000000000>"),
                                ("Content-Type", "application/warc-fields")], info))
    robots = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nUser-agent: *\nAllow: /\n"
    records.append(warc_record([("WARC-Type", "response"), ("WARC-Date", "2025-11-01T00:00:01Z"),
                                ("WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-000000000001>"),
                                ("WARC-Target-URI", "https://ridgewaytimes.example/robots.txt"),
                                ("Content-Type", "application/http; msgtype=response")], robots))
    for index, article in enumerate(articles, start=2):
        url = url_of(article)
        request = f"GET {url[len('https://ridgewaytimes.example'):]} HTTP/1.1\r\nHost: ridgewaytimes.example\r\n\r\n".encode()
        records.append(warc_record([("WARC-Type", "request"), ("WARC-Date", "2025-11-01T00:01:00Z"),
                                    ("WARC-Record-ID", f"<urn:uuid:00000000-0000-4000-8000-{index:012d}>"),
                                    ("WARC-Target-URI", url), ("Content-Type", "application/http; msgtype=request")], request))
        page = ridgeway_page(article)
        response = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n" + f"Content-Length: {len(page)}\r\n\r\n".encode() + page
        records.append(warc_record([("WARC-Type", "response"), ("WARC-Date", "2025-11-01T00:01:01Z"),
                                    ("WARC-Record-ID", f"<urn:uuid:00000000-0000-4000-9000-{index:012d}>"),
                                    ("WARC-Target-URI", url), ("Content-Type", "application/http; msgtype=response")], response))
    return b"".join(records)


# ------------------------------------------------------------------ The Lantern Review: raw text captures
def lantern_review(article):
    name = OUTLETS["lr"][0]
    title, body, dek = article["title"], body_of(article), article.get("standfirst")
    key = article["key"]
    date_iso = article["date"]
    human_date = datetime.fromisoformat(date_iso).strftime("%B %-d, %Y")
    paras = [p[3:] if p.startswith("## ") else p for p in body]
    if key == "lr-s1":  # dek before the headline, headline twice, comment form
        lines = [dek, title, "", title, date_iso, article["byline"], ""] + sum(([p, ""] for p in paras), []) + [
            "Leave a Reply", "", "Your email address will not be published.", "Required fields are marked *", "",
            "Name *", "Email *", "Save my name, email, and website in this browser for the next time I comment.", "",
            f"© 2025 {name}. All rights reserved."]
    elif key == "lr-s5":  # one paragraph printed twice, share line, recommendations list
        twice = paras[:3] + [paras[1]] + paras[3:]
        lines = [title, "", human_date, f"By {article['byline']}", "", dek, ""] + sum(([p, ""] for p in twice), []) + [
            "Share this:", "Recommendations", "Calder's Union Picks Another Fight It Cannot Win", "Brennick Was Warned", "Recommendations",
            f"Copyright 2025 {name}"]
    elif key == "lr-s2":  # a block of paragraphs printed twice, newsletter line
        lines = [title, f"By {article['byline']} | {name}", ""] + paras + paras + [
            "", "Sign up for our newsletter to get every Lantern editorial in your inbox."]
    elif key == "lr-s3":  # inline section labels, trailing recommendations
        labelled = [paras[0], "The Governor's Line: " + paras[1], "The Verdict: " + paras[2]]
        lines = [title, "", date_iso, title, article["byline"], ""] + sum(([p, ""] for p in labelled), []) + [
            "Recommendations", "Recommendations", f"© {name}"]
    else:  # lr-s7: "Published:" date line, related list, comment form
        lines = [title, f"Published: {human_date}", f"By {article['byline']} | {name}", ""] + sum(([p, ""] for p in paras), []) + [
            "Related Articles", "The Calder Walkout Is a Gamble the Port Cannot Afford", "A Settlement Nobody Should Celebrate", "",
            "Leave a Reply"]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ Bluewater Herald: text captures and trafilatura JSON
def bluewater_text(article):
    name = OUTLETS["bh"][0]
    body = body_of(article)
    if article["title"] is None:  # no headline at all
        return "\n" + "\n".join(body) + "\n\nLeave a Reply\n\n© 2025 " + name + ". All rights reserved.\n"
    wrapped = []
    for p in body:  # hard-wrapped at 64 columns, as some mail-to-web archives are
        words, line = p.split(), ""
        for w in words:
            if len(line) + len(w) + 1 > 64:
                wrapped.append(line)
                line = w
            else:
                line = f"{line} {w}".strip()
        wrapped += [line, ""]
    return "\n".join([article["title"], "", article["date"], f"By {article['byline']} | {name}", ""] + wrapped +
                     ["Follow us on Twitter for the latest updates", f"© 2025 {name}"]) + "\n"


def bluewater_json(article):
    name, domain, _ = OUTLETS["bh"]
    return json.dumps({"title": article["title"], "author": article["byline"], "hostname": domain, "sitename": name,
                       "date": article["date"][:10], "text": "\n".join(body_of(article)), "source": url_of(article),
                       "language": "en", "categories": "", "tags": "", "fingerprint": None, "id": None,
                       "license": None, "comments": "", "excerpt": None}, ensure_ascii=False, indent=1) + "\n"


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    by_outlet = {}
    for article in ARTICLES:
        by_outlet.setdefault(article["outlet"], []).append(article)
    for article in by_outlet["hg"]:
        name = f"harbour-gazette/{article['date'][:10]}-{slug(article['title'])[:40]}.html"
        if article["key"] == "hg-s6":
            write(name + ".gz", gz(harbour_gazette(article)))
        elif article["key"] == "hg-s4":
            write(name, harbour_gazette(article, charset="windows-1252"))
        else:
            write(name, harbour_gazette(article))
    for article in by_outlet["nc"]:
        write(f"northfield-courier/{slug(article['title'])[:40]}.htm", northfield_courier(article))
    write("meridian-wire/2025.jsonl", "".join(json.dumps(meridian_wire(a), ensure_ascii=False) + "\n" for a in by_outlet["mw"]))
    write("valecrest-daily/feed.rss", valecrest_daily(by_outlet["vd"]))
    write("coastline-post/atom.xml", coastline_post(by_outlet["cp"]))
    write("ridgeway-times/crawl-2025-11.warc.gz", ridgeway_warc(by_outlet["rt"]))
    for article in by_outlet["lr"]:
        write(f"lantern-review/{article['date']}-{slug(article['title'])[:40]}.txt", lantern_review(article))
    for article in by_outlet["bh"]:
        if article["key"] in ("bh-s2", "bh-s5"):
            write(f"bluewater-herald/capture-{article['key']}.txt", bluewater_text(article))
        else:
            write(f"bluewater-herald/{article['key']}.json", bluewater_json(article))
    stories = {}
    for article in ARTICLES:
        stories.setdefault(article["story"], []).append(article["key"])
    write_gold_stories()
    write_gold_analysis()
    write_gold_compare()
    print(f"wrote {len(ARTICLES)} articles in {len(stories)} stories from {len(by_outlet)} outlets to {os.path.normpath(OUT)}")


STORYLINES = {"s1": "calder-port", "s5": "calder-port", "s7": "calder-port", "s2": "tessaly-flood",
              "s3": "veyra-rates", "s4": "kestrel-launch", "s6": "dravon-mine"}


def write_gold_stories():
    """testdata/gold/stories.json: the story and storyline of every article, by outlet and title
    (the headline-less capture by the start of its first paragraph)."""
    gold = []
    for article in ARTICLES:
        name = OUTLETS[article["outlet"]][0] if article["outlet"] != "mw" else OUTLETS["mw"][1]
        gold.append({"outlet": name, "title": article["title"], "first_words": body_of(article)[0][:60],
                     "story": article["story"], "storyline": STORYLINES[article["story"]]})
    path = os.path.join(HERE, "..", "..", "testdata", "gold", "stories.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_gold_analysis():
    """testdata/gold/analysis.json: the hand annotations of analysis_gold.py,
    each with the outlet, title and first words that find its article."""
    from analysis_gold import GOLD
    gold = []
    for key, notes in GOLD.items():
        article = BY_KEY[key]
        name = OUTLETS[article["outlet"]][0] if article["outlet"] != "mw" else OUTLETS["mw"][1]
        claims = []
        for claim in notes["claims"]:
            value, upper, counts = claim if len(claim) == 3 else (claim[0], None, claim[1])
            claims.append({"value": value, "upper": upper, "counts": counts})
        gold.append({
            "key": key, "outlet": name, "title": article["title"], "first_words": body_of(article)[0][:60],
            "entities": notes["entities"],
            "quotes": [{"speaker": s, "opens": o, "kind": k} for s, o, k in notes["quotes"]],
            "scare": notes.get("scare", []),
            "claims": claims,
            "dates": [{"text": t, "date": d} for t, d in notes["dates"]],
        })
    path = os.path.join(HERE, "..", "..", "testdata", "gold", "analysis.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
        f.write("\n")


def outlet_name(key):
    return OUTLETS[key][0] if key != "mw" else OUTLETS["mw"][1]


def write_gold_compare():
    """testdata/gold/compare.json: the hand annotations of compare_gold.py,
    with outlet keys spelled as the outlets are stored."""
    from compare_gold import GOLD
    gold = []
    for story, notes in GOLD.items():
        conflicts = []
        for subject, detail in notes["conflicts"]:
            if isinstance(detail, list):
                conflicts.append({"kind": "claim", "counts": subject, "values": detail})
            else:
                conflicts.append({"kind": subject, "outlet": outlet_name(detail)})
        gold.append({
            "story": story,
            "articles": [{"outlet": outlet_name(a["outlet"]), "title": a["title"], "first_words": body_of(a)[0][:60]}
                         for a in ARTICLES if a["story"] == story],
            "conflicts": conflicts,
            "agreements": [{"counts": c, "value": v} for c, v in notes["agreements"]],
            "quote_variants": [{"speaker": s, "opens": o} for s, o in notes["quote_variants"]],
            "single_outlet": [{"outlet": outlet_name(o), "words": w} for o, w in notes["single_outlet"]],
        })
    path = os.path.join(HERE, "..", "..", "testdata", "gold", "compare.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
