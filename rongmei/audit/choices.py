from django.db import models


class Action(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出"
    LOCKED = "locked", "账户锁定"
    PASSWORD_CHANGED = "password_changed", "修改密码"
    CREATE = "create", "新建"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    PERMISSION = "permission", "权限变更"
    APPROVE = "approve", "审批"
    PUBLISH = "publish", "发布"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    BACKUP = "backup", "备份"
    RESTORE = "restore", "恢复"
    OTHER = "other", "其他"


class Source(models.TextChoices):
    WEB = "web", "网页"
    API = "api", "接口"
    CLI = "cli", "命令行"
    JOB = "job", "后台任务"
    SYSTEM = "system", "系统"
