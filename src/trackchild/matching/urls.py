from django.urls import path

from . import views

urlpatterns = [
    path("", views.review_queue, name="matching-queue"),
    path("candidates/<int:pk>/", views.candidate_detail, name="matching-candidate"),
    path("candidates/<int:pk>/undo/", views.candidate_undo, name="matching-candidate-undo"),
    path(
        "candidates/<int:pk>/photos/<int:photo_pk>/", views.candidate_photo, name="matching-candidate-photo"
    ),
    path("duplicates/<int:pk>/merge/", views.duplicate_merge, name="matching-duplicate-merge"),
    path("jobs/", views.failed_jobs, name="matching-jobs"),
    path("tasks/", views.verification_tasks, name="matching-tasks"),
    path("tasks/<int:pk>/", views.verification_task, name="matching-task"),
]
