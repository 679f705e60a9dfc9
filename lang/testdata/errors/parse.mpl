// Syntax errors: the parser stops at the first.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio 85% + // ### `the line ends with "\+", which wants something after it, not the next line's "}"`
}
---
policy "p" {
    insutype // ### `expected a scheme code after "insutype", found the end of the line`
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
param 起付线 = ¥1500 // ### `expected a parameter name after "param", found keyword "起付线" \(deductible\)`
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
param a = = ¥1 // ### `expected a value after "=", found "="`
param b = 10%%
---
// An English keyword where a cap wants its amount: the parser reads it as a
// name, and fails on the word after it.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio 85%
    cap per year // ### `expected an amount or a parameter name after "cap", found keyword "per"`
}
---
// A cap written rightly, then a stray amount: the error is at the amount,
// not at 封顶线, which is a keyword in its place.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    封顶线 ¥1 每年 ¥2 // ### `^unexpected "¥2"$`
}
---
// An optional part left empty: the parser backs out to its keyword.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio 85%
    deductible ¥100 per year pool // ### `expected a pool name after "pool", found the end of the line`
}
---
// A list that ends in a comma is pointed at the end of its line, not at
// the next line's keyword, which the parser read as its item.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院, // ### `expected a kind of care after ",", found the end of the line`
    ratio 85%
}
---
// A statement whose value is missing at the end of its line is pointed
// there too, whatever the next line starts with.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    deductible // ### `expected an amount or a parameter name after "deductible", found the end of the line`
    ratio 85%
}
---
// The "}" of a benefit forgotten: the parser meets the next declaration
// inside it.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio 85% // ### `benefit "b" opened at 7:1 is not closed: "}" missing`
fund 大病 {
    code 390200
}
---
// A condition left unfinished at the end of its line: the next line's
// keyword is read as its operand, and the error is the "and", not covers.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    when psn_type == 退休 and // ### `the line ends with "and", which wants something after it, not the next line's "covers"`
    covers 普通住院
    ratio 85%
}
---
// The same in Chinese keywords: the parser stops at 且 itself.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    当 psn_type == 退休 且 // ### `the line ends with "且", which wants something after it, not the next line's "适用"`
    适用 普通住院
    报销比例 85%
}
