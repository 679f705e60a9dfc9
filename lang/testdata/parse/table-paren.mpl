policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param 门慢限额 = ¥6000
param 住院比例 = match psn_type ( 在职: 80%, 退休: 85% )
