//! HTML for the web UI and for `parallax story --format html`: pages with
//! no scripts, every piece of article text escaped. Served pages link the
//! embedded stylesheet (the Content-Security-Policy allows no inline
//! anything); an exported page inlines it, to stand alone as one file.

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

/// The stylesheet, embedded in the binary.
pub const STYLESHEET: &str = include_str!("../assets/app.css");

/// How a page gets its styles.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Styling {
    /// `<link>` to /assets/app.css, with the site's navigation.
    Served,
    /// The stylesheet inline: one file that stands alone.
    Standalone,
}

/// A whole page around `body`.
pub fn page(title: &str, body: &str, styling: Styling) -> String {
    let (style, nav) = match styling {
        Styling::Served => (
            "<link rel=\"stylesheet\" href=\"/assets/app.css\">".to_string(),
            "<nav><a href=\"/\">parallax</a><a href=\"/\">Stories</a><a href=\"/?sort=biggest\">Biggest</a><a href=\"/search\">Search</a></nav>",
        ),
        Styling::Standalone => (format!("<style>{STYLESHEET}</style>"), ""),
    };
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{}</title>{style}</head><body>{nav}{body}</body></html>\n",
        escape(title)
    )
}

/// The story view as one standalone page (`parallax story --format html`).
pub fn render(heading: &str, chapters: &[String], view: &StoryComparison) -> String {
    page(heading, &story_body(heading, chapters, view, Styling::Standalone), Styling::Standalone)
}

/// The story view's sections; served pages link articles.
pub fn story_body(heading: &str, chapters: &[String], view: &StoryComparison, styling: Styling) -> String {
    let mut html = String::new();
    let _ = write!(html, "<h1>{}</h1>", escape(heading));
    if !chapters.is_empty() {
        html.push_str("<h2>Stories</h2><ol>");
        for chapter in chapters {
            let _ = write!(html, "<li>{}</li>", escape(chapter));
        }
        html.push_str("</ol>");
    }
    outlets(&mut html, view, styling);
    html.push_str("<h2>Timeline</h2>");
    html.push_str(&timeline_svg(&view.timeline));
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
    list(&mut html, "Only one outlet reports", view.single_outlet.iter().map(outlet_facts));
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
    html
}

fn outlets(html: &mut String, view: &StoryComparison, styling: Styling) {
    html.push_str("<h2>Outlets</h2><div class=\"outlets\">");
    for outlet in &view.outlets {
        let _ = write!(html, "<div class=\"outlet\"><b>{}</b><ul>", escape(&outlet.outlet));
        for article in outlet.articles.iter().chain(&outlet.copies) {
            let date = article.published.map(|d| d.to_string()).unwrap_or_default();
            let title = match styling {
                Styling::Served => {
                    format!("<a href=\"/articles/{}\">{}</a>", escape(&article.id), escape(&article.title))
                }
                Styling::Standalone => escape(&article.title),
            };
            let _ = write!(html, "<li>{title} <span class=\"who\">{date}</span></li>");
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

/// One outlet's facts: the first few, the rest folded in a `<details>`
/// (no script needed to open it).
fn outlet_facts(facts: &parallax_compare::OutletFacts) -> String {
    let items =
        |sentences: &[String]| -> String { sentences.iter().map(|s| format!("<li>{}</li>", escape(s))).collect() };
    let (shown, folded) = facts.shown();
    let mut html = format!("<b>{}</b><ul>{}</ul>", escape(&facts.outlet), items(shown));
    if folded > 0 {
        let _ = write!(
            html,
            "<details><summary>{folded} more</summary><ul>{}</ul></details>",
            items(&facts.sentences[shown.len()..])
        );
    }
    html
}

fn list(html: &mut String, title: &str, items: impl Iterator<Item = String>) {
    let _ = write!(html, "<h2>{}</h2><ul>", escape(title));
    for item in items {
        let _ = write!(html, "<li>{item}</li>");
    }
    html.push_str("</ul>");
}

/// The timeline as an SVG chart: one dot per dated event on a time axis,
/// larger when more outlets report it, labelled with its date.
pub fn timeline_svg(events: &[parallax_compare::TimelineEvent]) -> String {
    let (width, height, margin) = (960.0, 120.0, 40.0);
    let Some(first) = events.iter().map(|e| e.date).min() else {
        return "<p class=\"who\">No dated events.</p>".to_string();
    };
    let last = events.iter().map(|e| e.date).max().unwrap_or(first);
    let span = (last - first).num_days().max(1) as f64;
    let x = |date: chrono::NaiveDate| margin + (date - first).num_days() as f64 / span * (width - 2.0 * margin);
    let mut svg = format!(
        "<svg class=\"timeline\" role=\"img\" aria-label=\"timeline\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\"><line x1=\"{margin}\" y1=\"60\" x2=\"{}\" y2=\"60\" stroke=\"#999\"/>",
        width - margin
    );
    for (index, event) in events.iter().enumerate() {
        let radius = 4.0 + 2.0 * event.sources.len().min(8) as f64;
        let label_y = if index % 2 == 0 { 30.0 } else { 100.0 };
        let _ = write!(
            svg,
            "<circle cx=\"{cx:.1}\" cy=\"60\" r=\"{radius:.1}\" fill=\"#3a6ea5\" fill-opacity=\"0.7\"><title>{} — {} ({})</title></circle><text x=\"{cx:.1}\" y=\"{label_y}\" text-anchor=\"middle\">{}</text>",
            event.date,
            escape(&event.text),
            escape(&event.sources.join(", ")),
            event.date,
            cx = x(event.date),
        );
    }
    svg.push_str("</svg>");
    svg
}
