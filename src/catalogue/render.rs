//! HTML rendered from the catalogue, for the `catalogue-table`,
//! `catalogue-area` and `catalogue-roles` shortcodes. Every text is escaped.

use std::fmt::Write;

use super::model::{Area, Catalogue, Package};

/// A table of packages (all, or one area's, by URN or name): package, ER
/// roles (names in `lang` with codes) and delegable.
pub fn package_table(cat: &Catalogue, area: Option<&str>, lang: &str) -> Result<String, String> {
    let packages: Vec<&Package> = match area {
        Some(key) => cat.packages_of(&find_area(cat, key)?.urn).collect(),
        None => cat.packages.iter().collect(),
    };
    let en = lang == "en";
    let headers = if en {
        [
            "Access package",
            "Roles in the Central Coordinating Register",
            "Delegable",
        ]
    } else {
        ["Tilgangspakke", "Enhetsregisterroller", "Delegerbar"]
    };
    let mut html = String::from("<table class=\"catalogue-table\">\n<thead><tr>");
    for h in headers {
        let _ = write!(html, "<th>{}</th>", escape(h));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for p in packages {
        let roles = role_labels(cat, p, lang).join(", ");
        let delegable = match (p.delegable, en) {
            (true, true) => "Yes",
            (false, true) => "No",
            (true, false) => "Ja",
            (false, false) => "Nei",
        };
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{delegable}</td></tr>",
            escape(p.name.get(lang)),
            escape(&roles)
        );
    }
    html.push_str("</tbody>\n</table>\n");
    Ok(html)
}

/// An area's packages as a list with their descriptions.
pub fn area_packages(cat: &Catalogue, area: &str, lang: &str) -> Result<String, String> {
    let area = find_area(cat, area)?;
    let mut html = format!(
        "<ul class=\"catalogue-area\" data-area=\"{}\">\n",
        escape(&area.urn)
    );
    for p in cat.packages_of(&area.urn) {
        let _ = writeln!(
            html,
            "<li><strong>{}</strong>: {}</li>",
            escape(p.name.get(lang)),
            escape(p.description.get(lang))
        );
    }
    html.push_str("</ul>\n");
    Ok(html)
}

/// The ER roles that get a package (by URN or name), as a list.
pub fn package_roles(cat: &Catalogue, package: &str, lang: &str) -> Result<String, String> {
    let p = cat.find_package(package).ok_or_else(|| {
        format!(
            "unknown package '{package}'{}",
            did_you_mean(cat, package, lang)
        )
    })?;
    if p.grants.is_none() {
        return Err(format!(
            "the catalogue does not say which ER roles get '{}' ({}); add `roles:` to its overlay entry",
            p.name.get(lang),
            p.urn
        ));
    }
    let mut html = String::from("<ul class=\"catalogue-roles\">\n");
    for label in role_labels(cat, p, lang) {
        let _ = writeln!(html, "<li>{}</li>", escape(&label));
    }
    html.push_str("</ul>\n");
    Ok(html)
}

fn role_labels(cat: &Catalogue, p: &Package, lang: &str) -> Vec<String> {
    p.grants
        .iter()
        .flatten()
        .map(|code| cat.role_label(code, lang))
        .collect()
}

fn find_area<'a>(cat: &'a Catalogue, key: &str) -> Result<&'a Area, String> {
    cat.find_area(key).ok_or_else(|| {
        let names = cat
            .areas
            .iter()
            .flat_map(|a| [a.name.nb.as_str(), a.urn.as_str()]);
        match super::suggest::nearest(key, names) {
            Some(n) => format!("unknown area '{key}'; did you mean '{n}'?"),
            None => format!("unknown area '{key}'"),
        }
    })
}

fn did_you_mean(cat: &Catalogue, key: &str, lang: &str) -> String {
    super::resolve::package_suggestion(cat, key, lang)
        .map(|(_, p)| format!("; did you mean '{}'?", p.name.get(lang)))
        .unwrap_or_default()
}

/// Catalogue text is data: always escaped, like template values.
fn escape(text: &str) -> String {
    crate::render::escape_html(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a <b> & \"c\""), "a &lt;b&gt; &amp; &quot;c&quot;");
    }
}
