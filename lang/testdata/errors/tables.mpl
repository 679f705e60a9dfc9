policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
benefit c {
    covers 普通住院
    ratio match psn_type { // ### `table misses 1 combination\(s\) of psn_type and has no default: 退休`
        在职: 85%
    }
}
---
policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
benefit c {
    covers 普通住院
    ratio match psn_type {
        在职: 85%
        退休: 90%
        在职: 80% // ### `row can never apply`
    }
}
---
policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
benefit c {
    covers 普通住院
    ratio match psn_type {
        在职 | 退休: 85%
        default: 80% // ### `default can never apply`
    }
}
---
policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
benefit c {
    covers 普通住院
    ratio table by medins_lv, psn_type {
        三级, 在职: 85%
        _, 退休: 90%
        default: 80%
    }
}
