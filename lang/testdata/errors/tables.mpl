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
---
// A row whose value is wrong is the error: the combinations it names are
// not reported missing besides.
policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param 比例 = table by medins_lv, psn_type {
    一级, 在职: 0.9 // ### `row value is number; the table's values are ratio|row value is ratio; the table's values are number`
    一级, 退休: 90%
    二级, 在职: 85%
    二级, 退休: 88%
    三级, 在职: 80%
    三级, 退休: 85%
    基层, 在职: 90%
    基层, 退休: 92%
    药店, _:   50%
}
benefit c {
    covers 普通住院
    ratio 比例
}
---
// A row with a label the enum lacks may stand for any label there: the
// rows it might fill are not told missing, the others are.
policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param 比例 = table by medins_lv, psn_type { // ### `table misses 3 combination\(s\) of medins_lv × psn_type and has no default: 一级, 退休; 基层, 退休; 药店, 退休`
    一级, 在职: 90%
    二极, 在职: 85% // ### `unknown provider level "二极"`
    三级, _: 80%
    二级, 退休: 85%
}
benefit c {
    covers 普通住院
    ratio 比例
}
---
// A row whose value is in error still names its labels: only its own
// combinations are left to its error.
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
        在职: 未知比例 // ### `unknown name "未知比例"`
    }
}
