policy "p" { // ### `cites no source`
    insutype 310
}
benefit c {
    covers 普通住院
    ratio 85%
}
---
policy "p" { // ### `does not say its scheme`
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
---
policy "p" {
    insutype 310
    source "s"
    insutype 390 // ### `insutype is given twice in the header`
}
benefit c {
    covers 普通住院
    ratio 85%
}
