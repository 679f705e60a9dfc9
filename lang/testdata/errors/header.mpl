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
---
// A region is an area code, and a source's year a year.
policy "p" {
    region "南京" // ### `region is the six-digit area code \(行政区划代码\) of the place the policy is for, 320100 for 南京, not "南京"`
    insutype 310
    source "s" year 20255 // ### `source year 20255 is no year a document was issued in`
}
benefit b {
    covers 普通住院
    ratio 85%
}
