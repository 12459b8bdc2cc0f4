"""rongmei 的 Django 设置。所有可变项只从环境变量读取（见 .env.example）。"""

from __future__ import annotations

import os
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from rongmei.core import keys

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(str(env_file))

DATA_DIR = Path(env("RONGMEI_DATA_DIR", default=str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("RONGMEI_DEBUG", default=False)
# 生产环境：RONGMEI_ENV=production，或关闭 DEBUG（默认即关闭）。
RONGMEI_ENV = env("RONGMEI_ENV", default="development" if DEBUG else "production")
# SECRET_KEY 与平台凭据密钥环：环境变量优先，否则首次运行时生成到数据目录（0600），见 rongmei/core/keys.py
SECRET_KEY, SECRET_KEY_SOURCE = keys.secret_key(DATA_DIR, env("RONGMEI_SECRET_KEY", default=""))
# 平台凭据加密密钥环（Fernet，最新的在前）：与 SECRET_KEY 分开，`rongmei secrets rotate` 轮换
CREDENTIALS_KEYS, CREDENTIALS_KEYS_SOURCE = keys.credentials_keys(DATA_DIR, env("RONGMEI_CREDENTIALS_KEY", default=""))
if RONGMEI_ENV == "production" and keys.is_insecure_secret(SECRET_KEY) and not os.environ.get("RONGMEI_TESTING"):
    raise ImproperlyConfigured(
        "拒绝启动：生产环境（RONGMEI_ENV=production 或未开启 DEBUG）使用了公开的默认或过弱的 SECRET_KEY"
        f"（来源：{'环境变量 RONGMEI_SECRET_KEY' if SECRET_KEY_SOURCE == 'env' else '数据目录下的 secret_key 文件'}）。"
        "请删除该设置，让系统在数据目录生成随机密钥，或设置至少 50 位的随机值。"
    )
# Django 自带的几条英文部署检查由 rongmei.core.checks 的中文检查代替（rongmei check --deploy）
SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W009", "security.W012", "security.W016",
                          "security.W018"]
ALLOWED_HOSTS = env.list("RONGMEI_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("RONGMEI_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "django_otp",  # 第二重验证（TOTP 手机验证器与恢复码），见 rongmei/accounts/otp.py
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # /api/docs 用 django-ninja 自带的 Swagger UI 静态文件，不走 CDN
    # 基础
    "rongmei.core",
    "rongmei.accounts",
    "rongmei.workspaces",
    "rongmei.audit",
    "rongmei.workcal",
    # 业务领域
    "rongmei.contracts",
    "rongmei.production",
    "rongmei.proofread",
    "rongmei.assets",
    "rongmei.publishing",
    "rongmei.metrics",
    "rongmei.reports",
    "rongmei.interaction",
    "rongmei.opinion",
    "rongmei.inspection",
    "rongmei.team",
    "rongmei.archives",
    "rongmei.spread",
    "rongmei.cases",  # 旁支：典型案例征集与评选，只建在基础层上
    "rongmei.grassroots",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rongmei.core.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "rongmei.core.middleware.RequestContextMiddleware",
    "rongmei.accounts.middleware.ForcePasswordChangeMiddleware",
]

ROOT_URLCONF = "rongmei.urls"
WSGI_APPLICATION = "rongmei.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "rongmei" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rongmei.core.context_processors.shell",
            ],
            # {{ code|zh }}：代码的中文标签，所有模板可用
            "builtins": ["rongmei.core.templatetags.rm_labels"],
        },
    }
]

# ---------------------------------------------------------------- database
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'rongmei.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # 每个请求新建一个 PostgreSQL 连接要几毫秒 CPU（认证、fork 后端进程），2 核机器上 20 个并发用户时这是大头：
    # 连接在 Web 线程里保留 5 分钟，用前先检查是否还活着（数据库重启后自动重连）
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("RONGMEI_DB_CONN_MAX_AGE", default=300)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            # cache_size：每个连接最多 64 MiB 页缓存（默认 2 MiB）。百万条舆情信息时索引上百 MiB，默认缓存下
            # 每批写入都要反复从文件读索引页，入库慢四成（bench/opinion/RESULTS.md）。
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; "
            "PRAGMA cache_size=-65536;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")} if env.bool(
        "RONGMEI_TEST_DB_ON_DISK", default=False
    ) else {}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- background jobs
REDIS_URL = env("REDIS_URL", default="")
HUEY_IMMEDIATE = env.bool("RONGMEI_HUEY_IMMEDIATE", default=bool(os.environ.get("RONGMEI_TESTING")))
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": env("RONGMEI_HUEY_NAME", default="rongmei"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "rongmei",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# ---------------------------------------------------------------- caches
# default：进程内缓存（合同评估等大对象）。fragments：工作台卡片与菜单角标的 HTML/数字与“数据版本号”，
# 必须在所有 Web 进程间共享（见 core.freshness）：有 Redis 用 Redis，否则用数据目录里的文件缓存。
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# fragments：页面片段；shared：各工作进程共用的小计数（对外 H5 页面限流）。有 Redis 用 Redis，否则数据目录下的文件缓存
# （文件缓存的 incr 先读后写，并发时偶尔少计一次，对按分钟的粗限流够用）；测试里用进程内存。
for _alias, _prefix, _max in (("fragments", "frag", 20000), ("shared", "shared", 50000)):
    if os.environ.get("RONGMEI_TESTING"):
        CACHES[_alias] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": _alias}
    elif REDIS_URL:
        CACHES[_alias] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": env("RONGMEI_HUEY_NAME", default="rongmei") + ":" + _prefix}
    else:
        CACHES[_alias] = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(DATA_DIR / "cache" / _alias), "OPTIONS": {"MAX_ENTRIES": _max}}
del _alias, _prefix, _max

# 上传的导入文件超过这个大小（字节）就转入后台导入，页面显示进度；小文件当场导入、当场给结果
IMPORT_INLINE_MAX_BYTES = env.int("RONGMEI_IMPORT_INLINE_MAX_BYTES", default=2 * 1024 * 1024)

# ---------------------------------------------------------------- auth
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "rongmei.accounts.validators.ComplexityValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "rongmei.accounts.validators.NotSimilarToUsernameValidator"},
    {"NAME": "rongmei.accounts.validators.CommonPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "RONGMEI_PASSWORD_HASHERS",
    default=["django.contrib.auth.hashers.PBKDF2PasswordHasher"],
)
SESSION_COOKIE_AGE = env.int("RONGMEI_SESSION_SECONDS", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False  # 只读请求不写会话表；空闲超时由 core.middleware.SessionRefreshMiddleware 顺延
SESSION_REFRESH_SECONDS = env.int("RONGMEI_SESSION_REFRESH_SECONDS", default=300)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("RONGMEI_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("RONGMEI_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("RONGMEI_HSTS_SECONDS", default=0)
CSRF_FAILURE_VIEW = "rongmei.core.errors.csrf_failure"  # 中文页面

# 内容安全策略（django-csp）：产品不从外部加载任何东西，脚本只来自本站静态文件或带本次请求 nonce 的内联脚本
# （模板写 <script nonce="{{ request.csp_nonce }}">），没有内联事件处理器（见 static/rongmei/behaviours.js）。
# 样式允许内联（Tabler 与 ECharts 大量使用 style 属性；样式不能执行代码）。
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
LOGIN_MAX_FAILURES = env.int("RONGMEI_LOGIN_MAX_FAILURES", default=5)
LOGIN_LOCK_MINUTES = env.int("RONGMEI_LOGIN_LOCK_MINUTES", default=15)
# API 令牌最长有效期（天），创建时不能超过；到期前 N 天提醒本人（站内通知与邮件）
API_TOKEN_MAX_DAYS = env.int("RONGMEI_API_TOKEN_MAX_DAYS", default=90)
API_TOKEN_REMIND_DAYS = env.int("RONGMEI_API_TOKEN_REMIND_DAYS", default=7)
# 第二重验证（手机验证器）策略：这些角色、这些工作区（标识，* 为全部）的成员须绑定；留空则只自愿绑定。
# 测试里默认不要求（由测试自己打开），以免每个以项目经理身份登录的测试都先去绑定。
OTP_REQUIRED_ROLES = env.list("RONGMEI_OTP_REQUIRED_ROLES",
                              default=[] if os.environ.get("RONGMEI_TESTING") else ["manager", "client_leader"])
OTP_REQUIRED_WORKSPACES = env.list("RONGMEI_OTP_REQUIRED_WORKSPACES", default=[])
OTP_REQUIRED_FOR_SYSADMIN = env.bool("RONGMEI_OTP_REQUIRED_FOR_SYSADMIN", default=False)
OTP_TOTP_ISSUER = "融媒运营平台"
# 验证码错误由本系统的登录锁定计数（与密码共用，连续 5 次锁 15 分钟）限制；不再叠加 django-otp 自己的
# 指数退避，否则输错一次后紧接着输对也会被拒，而提示无从说明原因
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# ---------------------------------------------------------------- i18n
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Django 自带中文里几句不通顺的译文在这里修正（如唯一性冲突的提示）
LOCALE_PATHS = [BASE_DIR / "rongmei" / "locale"]
# 中文输入格式的第一个改为 ISO（日期/时间输入框只认 ISO），见 rongmei/formats/zh_Hans/formats.py
FORMAT_MODULE_PATH = ["rongmei.formats"]
USE_TZ = True

# ---------------------------------------------------------------- files
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("RONGMEI_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "rongmei" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("RONGMEI_MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env("RONGMEI_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# 站点根目录下的文件（/favicon.ico）
WHITENOISE_ROOT = BASE_DIR / "rongmei" / "webroot"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = DEBUG
BACKUP_DIR = Path(env("RONGMEI_BACKUP_DIR", default=str(DATA_DIR / "backups")))
# 备份加密密钥（运维人员保管；`rongmei backup --new-key 文件` 生成）：直接给密钥，或给密钥文件路径
BACKUP_KEY = env("RONGMEI_BACKUP_KEY", default="")
BACKUP_KEY_FILE = env("RONGMEI_BACKUP_KEY_FILE", default="")

# ---------------------------------------------------------------- mail & notifications
EMAIL_BACKEND = env("RONGMEI_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("RONGMEI_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("RONGMEI_EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env("RONGMEI_FROM_EMAIL", default="rongmei@localhost")

# ---------------------------------------------------------------- platforms
PLATFORM_BASE_URLS = {
    "wechat": env("RONGMEI_WECHAT_BASE_URL", default="https://api.weixin.qq.com"),
    "weibo": env("RONGMEI_WEIBO_BASE_URL", default="https://api.weibo.com"),
    "douyin": env("RONGMEI_DOUYIN_BASE_URL", default="https://open.douyin.com"),
    "kuaishou": env("RONGMEI_KUAISHOU_BASE_URL", default="https://open.kuaishou.com"),
    "baijiahao": env("RONGMEI_BAIJIAHAO_BASE_URL", default="https://baijiahao.baidu.com"),
}
# 可选：OpenAI 兼容的大模型接口（AI 审校深度复核），默认关闭
PROOF_LLM_URL = env("RONGMEI_PROOF_LLM_URL", default="")
PROOF_LLM_MODEL = env("RONGMEI_PROOF_LLM_MODEL", default="")
PROOF_LLM_KEY = env("RONGMEI_PROOF_LLM_KEY", default="")
# 素材库转存正文里网上图片时，允许访问的内网主机名（默认不允许：内网、本机、链路本地地址一律拒绝）
RONGMEI_ASSET_FETCH_ALLOW_HOSTS = env.list("RONGMEI_ASSET_FETCH_ALLOW_HOSTS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("RONGMEI_LOG_LEVEL", default="INFO")},
    "loggers": {"huey": {"level": "WARNING"}, "jieba": {"level": "WARNING"}},
}

if os.environ.get("RONGMEI_TESTING"):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
