"""第二步验证的耗时：加密存储的验证器密钥校验一次验证码、与 10 个加盐哈希的恢复码比对一次（不中，最坏情况）。

报告 wall time 与进程 CPU 时间（time.process_time，机器上其他人的进程不影响它）的中位数，以及 uptime 负载。
运行：RONGMEI_DATA_DIR=/tmp/rm-otpbench .venv/bin/python bench/accounts/second_factor.py --repeat 20
（用一个临时数据目录：脚本会建一个用户与它的验证器、恢复码，结束时删除。）
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402


def measure(fn, repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from rongmei.accounts import otp
    from rongmei.accounts.models import AuthenticatorDevice, User

    user, _ = User.objects.get_or_create(username="otp-bench", defaults={"display_name": "基准"})
    try:
        AuthenticatorDevice.new(user=user, name=otp.TOTP_NAME)
        AuthenticatorDevice.objects.filter(user=user).update(confirmed=True)
        otp.new_recovery_codes(user)
        rows = [("验证码（解密密钥 + TOTP，错误的码）", measure(lambda: otp.verify(user, "000000"), args.repeat)),
                ("恢复码（10 个加盐 PBKDF2 哈希都不中）", measure(lambda: otp.verify(user, "zzzzzzzz"), args.repeat)),
                ("生成一组 10 个恢复码（哈希后入库）", measure(lambda: otp.new_recovery_codes(user), max(3, args.repeat // 4)))]
    finally:
        user.delete()
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    for name, (wall, cpu) in rows:
        print(f"{name}: wall 中位数 {wall:.1f} ms，CPU 中位数 {cpu:.1f} ms")
    print(f"uptime: {load}")


if __name__ == "__main__":
    main()
