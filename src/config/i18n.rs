//! UI strings: brygge's built-in ones for a set of languages, and the
//! site's own translation files (Hugo's `i18n/CODE.yaml`, `.toml`, `.json`),
//! whose ids are added to (and may replace) the built-in keys.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::content::{front_matter, is_hidden_file};
use crate::diagnostics::{Diagnostic, display_path, line_col};

/// The folder of a site's translation files, below its root (Hugo's).
pub const FOLDER: &str = "i18n";

/// The translation files of a site's `i18n/` folder, by language code.
pub type TranslationFiles = BTreeMap<String, BTreeMap<String, String>>;

/// UI strings for a language: the built-in ones of its language (English
/// for a language brygge has none for), overlaid with `overrides`.
pub fn ui_strings(code: &str, overrides: BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut strings: BTreeMap<String, String> = UI_EN
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let base = code.split(['-', '_']).next().unwrap_or(code);
    let own: &[(&str, &str)] = match base {
        "nb" | "nn" | "no" => UI_NB,
        "fr" => UI_FR,
        "de" => UI_DE,
        "es" => UI_ES,
        "sv" => UI_SV,
        "da" => UI_DA,
        "zh" => UI_ZH,
        _ => &[],
    };
    strings.extend(own.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    strings.extend(overrides);
    strings
}

/// The translation files of the `i18n/` folder below `root`, by language
/// code (the file name, lowercased; hidden files and editors' leftovers
/// are not read). A file that cannot be read or parsed is an error at its
/// place (Hugo stops there), and left out: its language keeps the strings
/// it has from elsewhere (the configuration, brygge's built-in ones).
pub fn load_folder(root: &Path) -> (TranslationFiles, Vec<Diagnostic>) {
    let dir = root.join(FOLDER);
    let mut found = BTreeMap::new();
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (found, problems);
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let (Some(name), Some(stem), Some(ext)) = (
            path.file_name().and_then(|s| s.to_str()),
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        if is_hidden_file(name) || !matches!(ext, "yaml" | "yml" | "toml" | "json") {
            continue;
        }
        let shown = display_path(root, &path);
        let strings = match std::fs::read_to_string(&path) {
            Ok(text) => {
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                parse(text, ext).map_err(|(offset, message)| {
                    let (line, column) = line_col(text, offset);
                    Diagnostic::error(
                        "i18n-invalid",
                        &shown,
                        format!("invalid translation file: {message}"),
                    )
                    .at(line, column)
                })
            }
            Err(err) => Err(Diagnostic::error(
                "i18n-invalid",
                &shown,
                format!("cannot read the translation file: {err}"),
            )),
        };
        match strings {
            Ok(strings) => found
                .entry(stem.to_lowercase())
                .or_insert_with(BTreeMap::new)
                .extend(strings),
            Err(problem) => problems.push(problem.with_help(
                "its strings are left out; the language's other strings (the configuration's, \
                 brygge's built-in ones) are used instead",
            )),
        }
    }
    (found, problems)
}

/// One translation file (`ext`: yaml, yml, toml or json): a list of `{id,
/// translation}`, or a map of id to a string or to plural forms (`other`
/// is taken). An empty file has no strings. An error is the byte offset
/// of the mistake and what it is.
pub fn parse(text: &str, ext: &str) -> Result<BTreeMap<String, String>, (usize, String)> {
    if text.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let value: Value = match ext {
        "yaml" | "yml" => {
            let value = serde_yaml::from_str::<serde_yaml::Value>(text)
                .map_err(|err| front_matter::locate_yaml_error(text, &err))?;
            serde_json::to_value(value).map_err(|err| (0, err.to_string()))?
        }
        "toml" => {
            let value = toml::from_str::<toml::Value>(text)
                .map_err(|err| front_matter::locate_toml_error(&err))?;
            super::hugo::toml_to_json(value)
        }
        _ => {
            serde_json::from_str(text).map_err(|err| front_matter::locate_json_error(text, &err))?
        }
    };
    let mut strings = BTreeMap::new();
    let text_of = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(forms) => forms
            .get("other")
            .or_else(|| forms.get("one"))
            .and_then(Value::as_str)
            .map(str::to_string),
        _ => None,
    };
    match value {
        Value::Array(items) => {
            for item in items {
                let id = item.get("id").and_then(Value::as_str);
                let translation = item.get("translation").and_then(text_of);
                if let (Some(id), Some(t)) = (id, translation) {
                    strings.insert(id.to_string(), t);
                }
            }
        }
        Value::Object(map) => {
            for (id, v) in map {
                let v = v.get("translation").unwrap_or(&v);
                if let Some(t) = text_of(v) {
                    strings.insert(id, t);
                }
            }
        }
        _ => {
            return Err((
                0,
                "it holds a single value, not ids with their texts".to_string(),
            ));
        }
    }
    Ok(strings)
}

const UI_EN: &[(&str, &str)] = &[
    ("back_to_overview", "Back to main overview"),
    ("breadcrumbs", "Breadcrumbs"),
    ("edit_page", "Edit this page"),
    ("home", "Home"),
    ("in_this_section", "In this section"),
    ("language", "Language"),
    ("menu", "Menu"),
    ("nav_toggle", "Show or hide"),
    ("not_translated", "Not translated"),
    ("on_this_page", "On this page"),
    ("page_not_found", "Page not found"),
    (
        "page_not_found_text",
        "The page you asked for does not exist. It may have moved.",
    ),
    ("skip_to_content", "Skip to main content"),
    ("notice_note", "Note"),
    ("notice_info", "Information"),
    ("notice_tip", "Tip"),
    ("notice_warning", "Warning"),
    ("not_yet_written", "This page is not written yet."),
    ("attachments", "Attachments"),
    ("tags", "Tags"),
    ("categories", "Categories"),
];

const UI_NB: &[(&str, &str)] = &[
    ("back_to_overview", "Tilbake til hovedoversikt"),
    ("breadcrumbs", "Brødsmulesti"),
    ("edit_page", "Rediger denne siden"),
    ("home", "Hjem"),
    ("in_this_section", "I denne seksjonen"),
    ("language", "Språk"),
    ("menu", "Meny"),
    ("nav_toggle", "Vis eller skjul"),
    ("not_translated", "Ikke oversatt"),
    ("on_this_page", "På denne siden"),
    ("page_not_found", "Fant ikke siden"),
    (
        "page_not_found_text",
        "Siden du ba om finnes ikke. Den kan ha blitt flyttet.",
    ),
    ("skip_to_content", "Hopp til hovedinnholdet"),
    ("notice_note", "Merk"),
    ("notice_info", "Informasjon"),
    ("notice_tip", "Tips"),
    ("notice_warning", "Advarsel"),
    ("not_yet_written", "Denne siden er ikke skrevet ennå."),
    ("attachments", "Vedlegg"),
    ("tags", "Stikkord"),
    ("categories", "Kategorier"),
];

const UI_FR: &[(&str, &str)] = &[
    ("back_to_overview", "Retour à la vue d'ensemble"),
    ("breadcrumbs", "Fil d'Ariane"),
    ("edit_page", "Modifier cette page"),
    ("home", "Accueil"),
    ("in_this_section", "Dans cette section"),
    ("language", "Langue"),
    ("menu", "Menu"),
    ("nav_toggle", "Afficher ou masquer"),
    ("not_translated", "Non traduit"),
    ("on_this_page", "Sur cette page"),
    ("page_not_found", "Page introuvable"),
    (
        "page_not_found_text",
        "La page demandée n'existe pas. Elle a peut-être été déplacée.",
    ),
    ("skip_to_content", "Aller au contenu principal"),
    ("notice_note", "Remarque"),
    ("notice_info", "Information"),
    ("notice_tip", "Astuce"),
    ("notice_warning", "Attention"),
    ("not_yet_written", "Cette page n'est pas encore écrite."),
    ("attachments", "Pièces jointes"),
    ("tags", "Étiquettes"),
    ("categories", "Catégories"),
];

const UI_DE: &[(&str, &str)] = &[
    ("back_to_overview", "Zurück zur Übersicht"),
    ("breadcrumbs", "Brotkrumen"),
    ("edit_page", "Diese Seite bearbeiten"),
    ("home", "Start"),
    ("in_this_section", "In diesem Abschnitt"),
    ("language", "Sprache"),
    ("menu", "Menü"),
    ("nav_toggle", "Ein- oder ausblenden"),
    ("not_translated", "Nicht übersetzt"),
    ("on_this_page", "Auf dieser Seite"),
    ("page_not_found", "Seite nicht gefunden"),
    (
        "page_not_found_text",
        "Die angeforderte Seite existiert nicht. Vielleicht wurde sie verschoben.",
    ),
    ("skip_to_content", "Zum Hauptinhalt springen"),
    ("notice_note", "Hinweis"),
    ("notice_info", "Information"),
    ("notice_tip", "Tipp"),
    ("notice_warning", "Warnung"),
    ("not_yet_written", "Diese Seite ist noch nicht geschrieben."),
    ("attachments", "Anhänge"),
    ("tags", "Schlagwörter"),
    ("categories", "Kategorien"),
];

const UI_ES: &[(&str, &str)] = &[
    ("back_to_overview", "Volver a la vista general"),
    ("breadcrumbs", "Migas de pan"),
    ("edit_page", "Editar esta página"),
    ("home", "Inicio"),
    ("in_this_section", "En esta sección"),
    ("language", "Idioma"),
    ("menu", "Menú"),
    ("nav_toggle", "Mostrar u ocultar"),
    ("not_translated", "No traducido"),
    ("on_this_page", "En esta página"),
    ("page_not_found", "Página no encontrada"),
    (
        "page_not_found_text",
        "La página que buscas no existe. Puede que se haya movido.",
    ),
    ("skip_to_content", "Saltar al contenido principal"),
    ("notice_note", "Nota"),
    ("notice_info", "Información"),
    ("notice_tip", "Consejo"),
    ("notice_warning", "Advertencia"),
    ("not_yet_written", "Esta página aún no está escrita."),
    ("attachments", "Adjuntos"),
    ("tags", "Etiquetas"),
    ("categories", "Categorías"),
];

const UI_SV: &[(&str, &str)] = &[
    ("back_to_overview", "Tillbaka till översikten"),
    ("breadcrumbs", "Brödsmulor"),
    ("edit_page", "Redigera den här sidan"),
    ("home", "Hem"),
    ("in_this_section", "I det här avsnittet"),
    ("language", "Språk"),
    ("menu", "Meny"),
    ("nav_toggle", "Visa eller dölj"),
    ("not_translated", "Inte översatt"),
    ("on_this_page", "På den här sidan"),
    ("page_not_found", "Sidan hittades inte"),
    (
        "page_not_found_text",
        "Sidan du bad om finns inte. Den kan ha flyttats.",
    ),
    ("skip_to_content", "Hoppa till huvudinnehållet"),
    ("notice_note", "Obs"),
    ("notice_info", "Information"),
    ("notice_tip", "Tips"),
    ("notice_warning", "Varning"),
    ("not_yet_written", "Den här sidan är inte skriven ännu."),
    ("attachments", "Bilagor"),
    ("tags", "Taggar"),
    ("categories", "Kategorier"),
];

const UI_DA: &[(&str, &str)] = &[
    ("back_to_overview", "Tilbage til oversigten"),
    ("breadcrumbs", "Brødkrummesti"),
    ("edit_page", "Rediger denne side"),
    ("home", "Hjem"),
    ("in_this_section", "I dette afsnit"),
    ("language", "Sprog"),
    ("menu", "Menu"),
    ("nav_toggle", "Vis eller skjul"),
    ("not_translated", "Ikke oversat"),
    ("on_this_page", "På denne side"),
    ("page_not_found", "Siden blev ikke fundet"),
    (
        "page_not_found_text",
        "Siden, du bad om, findes ikke. Den kan være flyttet.",
    ),
    ("skip_to_content", "Gå til hovedindholdet"),
    ("notice_note", "Bemærk"),
    ("notice_info", "Information"),
    ("notice_tip", "Tip"),
    ("notice_warning", "Advarsel"),
    ("not_yet_written", "Denne side er ikke skrevet endnu."),
    ("attachments", "Vedhæftede filer"),
    ("tags", "Tags"),
    ("categories", "Kategorier"),
];

const UI_ZH: &[(&str, &str)] = &[
    ("back_to_overview", "返回总览"),
    ("breadcrumbs", "面包屑导航"),
    ("edit_page", "编辑此页"),
    ("home", "首页"),
    ("in_this_section", "本节内容"),
    ("language", "语言"),
    ("menu", "菜单"),
    ("nav_toggle", "显示或隐藏"),
    ("not_translated", "未翻译"),
    ("on_this_page", "本页内容"),
    ("page_not_found", "找不到页面"),
    ("page_not_found_text", "您请求的页面不存在，可能已被移动。"),
    ("skip_to_content", "跳到主要内容"),
    ("notice_note", "注意"),
    ("notice_info", "信息"),
    ("notice_tip", "提示"),
    ("notice_warning", "警告"),
    ("not_yet_written", "此页面尚未编写。"),
    ("attachments", "附件"),
    ("tags", "标签"),
    ("categories", "分类"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_translation_files_in_every_form() {
        let parse = |text: &str, ext: &str| parse(text, ext).expect("parses");
        let list = parse("- id: toc\n  translation: Sommaire\n", "yaml");
        assert_eq!(list["toc"], "Sommaire");
        let map = parse(
            "toc: Sommaire\nposts:\n  one: Article\n  other: Articles\n",
            "yaml",
        );
        assert_eq!(map["posts"], "Articles");
        let toml = parse("readMore = \"Lire\"\n[toc]\nother = \"Sommaire\"\n", "toml");
        assert_eq!(toml["toc"], "Sommaire");
        assert_eq!(toml["readMore"], "Lire");
    }

    #[test]
    fn mistakes_are_located_where_they_are_made() {
        // JSON columns are characters, not bytes.
        let (offset, message) = parse("{\"æææ\": \"x\", y}", "json").expect_err("invalid");
        assert_eq!(line_col("{\"æææ\": \"x\", y}", offset), (1, 14));
        assert_eq!(message, "key must be a string");
        // An unclosed list: where it opens.
        let text = "menu: Innhold\nhome: [Hjem\n";
        let (offset, message) = parse(text, "yaml").expect_err("invalid");
        assert_eq!(line_col(text, offset), (2, 7));
        assert!(
            message.starts_with("the list '[' that starts here is not closed"),
            "{message}"
        );
        let text = "a = 1\nb = [\n";
        let (offset, _) = parse(text, "toml").expect_err("invalid");
        assert_eq!(line_col(text, offset).0, 2);
        // A single value is no translation file (go-i18n refuses it too).
        assert!(parse("just text\n", "yaml").is_err());
        // An empty file has no strings, in any format.
        for ext in ["json", "yaml", "toml"] {
            assert_eq!(parse(" \n", ext), Ok(BTreeMap::new()), "{ext}");
        }
    }

    #[test]
    fn regional_codes_take_their_language() {
        assert_eq!(
            ui_strings("fr-ca", BTreeMap::new())["edit_page"],
            "Modifier cette page"
        );
        assert_eq!(ui_strings("xx", BTreeMap::new())["menu"], "Menu");
    }
}
