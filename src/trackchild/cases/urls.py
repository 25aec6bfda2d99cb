from django.urls import path

from . import views

urlpatterns = []
for prefix, register in (("missing", views.MISSING), ("found", views.FOUND)):
    name = register.url_prefix
    urlpatterns += [
        path(f"{prefix}/", views.record_list, {"register": register}, name=f"{name}-list"),
        path(f"{prefix}/new/", views.record_create, {"register": register}, name=f"{name}-create"),
        path(f"{prefix}/<int:pk>/", views.record_detail, {"register": register}, name=f"{name}-detail"),
        path(f"{prefix}/<int:pk>/edit/", views.record_edit, {"register": register}, name=f"{name}-edit"),
        path(
            f"{prefix}/<int:pk>/status/", views.record_status, {"register": register}, name=f"{name}-status"
        ),
        path(
            f"{prefix}/<int:pk>/photos/",
            views.record_add_photo,
            {"register": register},
            name=f"{name}-add-photo",
        ),
        path(
            f"{prefix}/<int:pk>/photos/<int:photo_pk>/withdraw/",
            views.record_withdraw_photo,
            {"register": register},
            name=f"{name}-withdraw-photo",
        ),
    ]
urlpatterns += [
    path("photos/<int:pk>/", views.photo_image, name="photos-image"),
    path("photos/<int:pk>/thumb/", views.photo_thumbnail, name="photos-thumbnail"),
]
