policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param 门慢限额 = ¥6000
benefit 住院 {
    covers 普通住院
    ratio  80%
    adjust + 5% when psn_type == 在职且age < 45
}
