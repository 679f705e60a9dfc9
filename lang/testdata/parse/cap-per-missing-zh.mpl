policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param 门慢限额 = ¥6000
待遇 门慢 {
    适用   门诊慢特病
    报销比例 80%
    封顶线 门慢限额
}
