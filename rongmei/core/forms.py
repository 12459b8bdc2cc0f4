from django.core.exceptions import ValidationError


def apply_errors(form, exc: ValidationError) -> None:
    """把服务层抛出的 ValidationError 挂到表单上（按字段或整体）。"""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
