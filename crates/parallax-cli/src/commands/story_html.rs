//! The story view as one self-contained HTML file: inline styles, no
//! scripts, every piece of article text escaped.

use parallax_compare::{StoryComparison, Verdict};
use std::fmt::Write;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}\
.outlets{display:flex;gap:1rem;flex-wrap:wrap}.outlet{flex:1 1 14rem;border:1px solid #ddd;border-radius:6px;padding:.5rem .75rem}\
.conflict{color:#a40000;font-weight:600}.agree{color:#1b6e20}.who{color:#555}li{margin:.25rem 0}table{border-collapse:collapse}\
td,th{border-bottom:1px solid #eee;padding:.25rem .5rem;text-align:left;vertical-align:top}";

/// The whole page.
pub fn render(heading: &str, chapters: &[String], view: &StoryComparison) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body><h1>{}</h1>",
        escape(heading),
        escape(heading)
    );
    if !chapters.is_empty() {
        html.push_str("<h2>Stories</h2><ol>");
        for chapter in chapters {
            let _ = write!(html, "<li>{}</li>", escape(chapter));
        }
        html.push_str("</ol>");
    }
    outlets(&mut html, view);
    list(
        &mut html,
        "Summary",
        view.summary.iter().map(|s| {
            format!("{} <span class=\"who\">[{}]</span>", escape(&s.text), escape(&s.supported_by.join(", ")))
        }),
    );
    claims(&mut html, view);
    list(
        &mut html,
        "Context contradictions",
        view.context_conflicts.iter().map(|c| {
            format!(
                "<span class=\"conflict\">{} ({})</span>: {} — {}<br><span class=\"who\">others ({}):</span> {}",
                escape(&c.subject),
                escape(&c.kind),
                escape(&c.claim.outlets.join(", ")),
                escape(&c.claim.sentence),
                escape(&c.others.outlets.join(", ")),
                escape(&c.others.sentence)
            )
        }),
    );
    list(
        &mut html,
        "Quotes",
        view.quotes.iter().map(|q| {
            let variants: Vec<String> = q
                .variants
                .iter()
                .map(|v| {
                    format!(
                        "<li>“{}” <span class=\"who\">[{}]</span></li>",
                        escape(&v.text),
                        escape(&v.outlets.join(", "))
                    )
                })
                .collect();
            let only = if q.single_outlet { " <span class=\"who\">(one outlet only)</span>" } else { "" };
            format!("{}{only}<ul>{}</ul>", escape(&q.speaker_name), variants.concat())
        }),
    );
    list(
        &mut html,
        "Only one outlet reports",
        view.single_outlet
            .iter()
            .flat_map(|f| f.sentences.iter().map(move |s| format!("<b>{}</b>: {}", escape(&f.outlet), escape(s)))),
    );
    list(
        &mut html,
        "Framing (most editorialising first)",
        view.framing
            .iter()
            .map(|f| format!("<b>{}</b> {:.2}: {}", escape(&f.outlet), f.score, escape(&f.phrases.join(", ")))),
    );
    list(
        &mut html,
        "Timeline",
        view.timeline.iter().map(|e| {
            format!(
                "<b>{}</b> {} <span class=\"who\">[{}]</span>",
                e.date,
                escape(&e.text),
                escape(&e.sources.join(", "))
            )
        }),
    );
    html.push_str("</body></html>\n");
    html
}

fn outlets(html: &mut String, view: &StoryComparison) {
    html.push_str("<h2>Outlets</h2><div class=\"outlets\">");
    for outlet in &view.outlets {
        let _ = write!(html, "<div class=\"outlet\"><b>{}</b><ul>", escape(&outlet.outlet));
        for article in outlet.articles.iter().chain(&outlet.copies) {
            let date = article.published.map(|d| d.to_string()).unwrap_or_default();
            let _ = write!(html, "<li>{} <span class=\"who\">{date}</span></li>", escape(&article.title));
        }
        html.push_str("</ul></div>");
    }
    html.push_str("</div>");
}

fn claims(html: &mut String, view: &StoryComparison) {
    html.push_str("<h2>Claims</h2><table><tr><th>what</th><th>verdict</th><th>outlets</th></tr>");
    for group in view.claims.iter().filter(|g| g.verdict != Verdict::SingleOutlet) {
        let verdict = match group.verdict {
            Verdict::Conflict => "<span class=\"conflict\">conflict</span>".to_string(),
            _ => format!("<span class=\"agree\">agreed by {} of {}</span>", group.outlets, group.of),
        };
        let entries: Vec<String> = group
            .entries
            .iter()
            .map(|e| format!("<b>{}</b>: {} — {}", escape(&e.outlet), escape(&e.text), escape(&e.sentence)))
            .collect();
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{verdict}</td><td>{}</td></tr>",
            escape(&group.counts),
            entries.join("<br>")
        );
    }
    html.push_str("</table>");
}

fn list(html: &mut String, title: &str, items: impl Iterator<Item = String>) {
    let _ = write!(html, "<h2>{}</h2><ul>", escape(title));
    for item in items {
        let _ = write!(html, "<li>{item}</li>");
    }
    html.push_str("</ul>");
}
