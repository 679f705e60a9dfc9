policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param 药店限额 = match psn_type {
    在职: 1,234,567.50 元
    退休: ¥1800
}
benefit 住院 {
    covers 普通住院
    ratio  85%
}
