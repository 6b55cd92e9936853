// Redoc's key-less words in the edition's language (scripts/build_docs.py puts this script, and
// before it `window.__redocTexts`, the catalog's [English, translation] pairs of
// docs_i18n.REDOC_TEXTS, at the end of the page's body).
//
// Written by hand: Redoc 3 standalone translates only the words it looks up by key (those the
// build hands it through REDOC_TRANSLATE); the schema labels ("Enum:", "Array of objects"), the
// search dialog, several accessible names and the texts it composes in English word order
// ("Show" + count + "properties") are fixed in its script, with no option or key. Each entry
// matches a whole text (a text node, or an aria-label, title, alt or placeholder value) with a
// `{name}` standing for any text that is kept; a text Redoc renders again is translated again.
(function () {
  var pairs = window.__redocTexts || [];
  if (!pairs.length) return;
  var ATTRIBUTES = ['aria-label', 'title', 'alt', 'placeholder'];
  var rules = pairs.map(function (pair) {
    var names = [];
    var source = pair[0].split(/(\{\w+\})/).map(function (part) {
      var name = /^\{(\w+)\}$/.exec(part);
      if (name) {
        names.push(name[1]);
        return '(.+?)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }).join('');
    return { pattern: new RegExp('^' + source + '$'), names: names, to: pair[1] };
  });
  // A body's or field's "required" and a parameter's (docs_i18n.REQUIRED_PARAMETER).
  var required = window.__redocRequired || [];
  function once(text) {
    for (var i = 0; i < rules.length; i++) {
      var match = rules[i].pattern.exec(text);
      if (!match) continue;
      var out = rules[i].to;
      rules[i].names.forEach(function (name, index) {
        out = out.split('{' + name + '}').join(match[index + 1]);
      });
      return out;
    }
    return null;
  }
  function translated(text) {
    var trimmed = text.trim();
    if (!trimmed) return null;
    // A text made of two (a type "or" another, with its limits in "characters") takes a rule
    // for each part, so each rule's result is looked at again; the translations match none.
    var out = trimmed;
    for (var step = 0, next; step < 4 && (next = once(out)) !== null && next !== out; step++) {
      out = next;
    }
    return out === trimmed ? null : text.replace(trimmed, out);
  }
  function attribute(element, name) {
    var value = element.getAttribute(name);
    var text = value && translated(value);
    if (text && text !== value) element.setAttribute(name, text);
  }
  function visit(node) {
    if (node.nodeType === Node.TEXT_NODE) {
      var parent = node.parentElement;
      if (!parent || parent.closest('script, style, code, pre')) return;
      if (required.length && node.data.trim() === required[0] && parent.closest('[id*="in="]')) {
        node.data = node.data.replace(required[0], required[1]);
        return;
      }
      var text = translated(node.data);
      if (text !== null && text !== node.data) node.data = text;
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    ATTRIBUTES.forEach(function (name) {
      attribute(node, name);
    });
    if (node.matches('script, style, code, pre')) {
      // Code is never translated, but the buttons drawn in it (folding a JSON sample) are.
      node.querySelectorAll('[' + ATTRIBUTES.join('],[') + ']').forEach(function (element) {
        ATTRIBUTES.forEach(function (name) {
          attribute(element, name);
        });
      });
      return;
    }
    for (var child = node.firstChild; child; child = child.nextSibling) visit(child);
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === 'childList') record.addedNodes.forEach(visit);
      else if (record.type === 'characterData') visit(record.target);
      else attribute(record.target, record.attributeName);
    });
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ATTRIBUTES,
  });
  visit(document.body);
})();
