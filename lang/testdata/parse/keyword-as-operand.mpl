policy "p" {
    insutype 310
    source "s"
}
param a = ¥100
benefit b {
    covers 普通住院
    deductible a + 起付线
    ratio 85%
}
