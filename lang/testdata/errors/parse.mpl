// Syntax errors: the parser stops at the first.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio 85% + // ### "unexpected \"\\+\""
}
---
policy "p" {
    insutype // ### "unexpected \"insutype\""
}
---
policy "p" {
    insutype 310
    source "s"
}
param a = ¥1 ¥2 // ### "unexpected \"¥2\""
---
// A clean chunk loads without errors.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio 85%
}
---
policy "p" {
    insutype 310
    source "s"
}
param 起付线 = ¥1500 // ### `unexpected "起付线": it is a keyword \(deductible\), not a name`
---
// A full-width colon typed by a Chinese input method.
policy "p" {
    insutype： 310 // ### `unexpected character '：'`
}
---
// A string left open at the end of its line.
policy "p" {
    insutype 310
    source "s // ### `unterminated string`
}
---
// The first mistake is reported, though a stray character comes later
// (participle lexes the whole file before it parses).
policy "p" {
    insutype 310
    source "s"
}
param a = = ¥1 // ### `unexpected "="`
param b = 10%%
