"""Register, log in, log out (Flask-Login), with a rate limit on failed logins."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import login_required, login_url, login_user, logout_user
from werkzeug.wrappers import Response

from .extensions import db, login_manager
from .forms import LoginForm, RegisterForm
from .models import User, password_matches

bp = Blueprint("auth", __name__, url_prefix="/auth")

login_manager.login_view = "auth.login"
login_manager.login_message = "请先登录。"  # "please log in first"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


@login_manager.unauthorized_handler
def unauthorized() -> Response | tuple[dict[str, str], int]:
    if request.blueprint == "api":
        return {"error": "login required"}, 401
    flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def safe_next(target: str | None) -> str | None:
    """The local path to go to after the login, or None when target leaves this site."""
    if not target:
        return None
    parts = urlsplit(target.replace("\\", "/"))  # browsers read \ as /
    if parts.scheme or parts.netloc:  # https://evil.example/, //evil.example, javascript:
        return None
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


@bp.route("/register", methods=["GET", "POST"])
def register() -> Response | tuple[str, int]:
    form = RegisterForm()
    if form.validate_on_submit():
        user = User(username=form.username.data, email=form.email.data)
        user.set_password(form.password.data)
        db.session.add(user)
        db.session.commit()
        flash("注册成功，请登录。", "success")  # "registered, please log in"
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(db.select(User).filter_by(username=form.username.data))
        if password_matches(user, form.password.data):
            cart = session.get("cart")
            session.clear()  # nothing from before the login survives it but the cart
            login_user(user, remember=form.remember.data)
            if cart:
                session["cart"] = cart
            current_app.session_interface.regenerate(session)  # a new session id
            db.session.commit()  # the audit log's row (signals.audit_login)
            flash(f"欢迎回来，{user.username}！", "success")  # "welcome back"
            return redirect(safe_next(request.args.get("next")) or url_for("shop.index"))
        flash("用户名或密码错误", "error")  # "wrong user name or password"
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout() -> Response:
    logout_user()
    session.clear()
    flash("已退出登录。", "info")  # "logged out"
    current_app.session_interface.regenerate(session)
    return redirect(url_for("shop.index"))


def init_rate_limit(app: Flask) -> Limiter:
    """Failed logins per client address (behind a proxy: set TRUSTED_PROXIES)."""
    limiter = Limiter(get_remote_address, app=app)
    failed = app.config["LOGIN_RATE_LIMIT"]
    limited = limiter.limit(
        failed,
        methods=["POST"],
        deduct_when=lambda response: response.status_code != 302,  # a failed try
    )
    app.view_functions["auth.login"] = limited(app.view_functions["auth.login"])
    return limiter
