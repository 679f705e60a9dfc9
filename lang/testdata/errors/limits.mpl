// Each use of a parameter works its value out again: thirty lines of
// doublings took 2³¹ operations, and the checker minutes. The first
// parameter past the limit is the error; those that use it are not.
policy "p" {
    insutype 310
    source "s"
}
param p0 = p1 + p1
param p1 = p2 + p2
param p2 = p3 + p3 // ### `parameter p2 takes 131069 operations worked out in full, through p3 → p4 → p5 → p6 → p7 → p8 → … → p17; the limit is 100000`
param p3 = p4 + p4
param p4 = p5 + p5
param p5 = p6 + p6
param p6 = p7 + p7
param p7 = p8 + p8
param p8 = p9 + p9
param p9 = p10 + p10
param p10 = p11 + p11
param p11 = p12 + p12
param p12 = p13 + p13
param p13 = p14 + p14
param p14 = p15 + p15
param p15 = p16 + p16
param p16 = p17 + p17
param p17 = ¥1
benefit b {
    covers 普通住院
    ratio 50%
}
---
// A rule's expression is bounded too.
policy "p" {
    insutype 310
    source "s"
}
param p3 = p4 + p4
param p4 = p5 + p5
param p5 = p6 + p6
param p6 = p7 + p7
param p7 = p8 + p8
param p8 = p9 + p9
param p9 = p10 + p10
param p10 = p11 + p11
param p11 = p12 + p12
param p12 = p13 + p13
param p13 = p14 + p14
param p14 = p15 + p15
param p15 = p16 + p16
param p16 = p17 + p17
param p17 = ¥1
benefit b {
    covers 普通住院
    ratio if p3 + p3 > ¥1 then 50% else 40% // ### `this expression takes 131071 operations worked out in full, through p3 → p4 → p5 → p6 → p7 → p8 → … → p17; the limit is 100000`
}
---
// A table by many labels counts each row's value once.
policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param p3 = p4 + p4
param p4 = p5 + p5
param p5 = p6 + p6
param p6 = p7 + p7
param p7 = p8 + p8
param p8 = p9 + p9
param p9 = p10 + p10
param p10 = p11 + p11
param p11 = p12 + p12
param p12 = p13 + p13
param p13 = p14 + p14
param p14 = p15 + p15
param p15 = p16 + p16
param p16 = p17 + p17
param p17 = ¥1
param r = match psn_type { 在职: p3, 退休: p3 } // ### `parameter r takes 131070 operations worked out in full, through p3 → p4`
benefit b {
    covers 普通住院
    ratio 50%
}
