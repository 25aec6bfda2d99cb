"""The Django admin: a read-only window for system administrators, closed to everyone else."""

from django.urls import reverse

from trackchild.audit.models import AuditEvent


def test_a_state_officer_marked_staff_cannot_enter_the_admin(client, cast):
    cast.state_officer.is_staff = True
    cast.state_officer.save()
    client.force_login(cast.state_officer)
    for url in (reverse("admin:index"), reverse("admin:registry_institution_changelist")):
        response = client.get(url, follow=True)
        assert response.status_code == 403
        assert response.redirect_chain[0][0].startswith(reverse("admin:login"))


def test_the_admin_sends_visitors_to_the_portals_login_page(client, cast):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302
    assert login["Location"] == reverse("login") + "?next=" + reverse("admin:index")


def test_the_outsider_cannot_enter_the_admin(client, cast):
    client.force_login(cast.outsider)
    assert client.get(reverse("admin:accounts_user_changelist"), follow=True).status_code == 403


def test_a_system_administrator_enters_and_sees_the_records(client, cast):
    client.force_login(cast.system_admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    for model in ("Institutions", "Users", "Audit events", "Missing reports", "Found children"):
        assert model in page
    response = client.get(reverse("admin:registry_institution_changelist"), {"kind__exact": "cci"})
    assert response.status_code == 200
    assert [i.code for i in response.context["cl"].result_list] == ["CCI-A"]


def test_nothing_can_be_added_changed_or_deleted_in_the_admin(client, cast):
    client.force_login(cast.system_admin)
    pk = cast.cci_a.pk
    assert client.get(reverse("admin:registry_institution_add")).status_code == 403
    assert client.get(reverse("admin:registry_institution_delete", args=[pk])).status_code == 403
    response = client.post(reverse("admin:registry_institution_change", args=[pk]), {"name": "Renamed"})
    assert response.status_code == 403
    cast.cci_a.refresh_from_db()
    assert cast.cci_a.name == "CCI-A cci"
    assert client.get(reverse("admin:accounts_user_delete", args=[cast.outsider.pk])).status_code == 403


def test_opening_a_childs_record_in_the_admin_is_audited(client, cast, missing_report):
    client.force_login(cast.system_admin)
    response = client.get(reverse("admin:cases_missingreport_change", args=[missing_report.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action="view",
        object_type="cases.missingreport",
        object_id=str(missing_report.pk),
        actor=cast.system_admin,
    ).exists()


def test_the_registers_are_filterable_in_the_admin(client, cast, missing_report, found_child):
    client.force_login(cast.system_admin)
    response = client.get(reverse("admin:cases_missingreport_changelist"), {"status__exact": "reported"})
    assert list(response.context["cl"].result_list) == [missing_report]
    response = client.get(reverse("admin:cases_foundchild_changelist"), {"status__exact": "restored"})
    assert list(response.context["cl"].result_list) == []
