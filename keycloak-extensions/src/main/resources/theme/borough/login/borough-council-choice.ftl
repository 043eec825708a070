<#import "template.ftl" as layout>
<#-- Borough Broker: which council a bare username belongs to. -->
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("boroughChooseCouncilTitle")}
    <#elseif section = "form">
        <p>${msg("boroughChooseCouncilIntro", account)}</p>
        <form id="borough-council-choice" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <input type="hidden" name="account" value="${account}"/>
            <fieldset class="${properties.kcFormGroupClass!}">
                <#list councils as council>
                    <div class="pf-v5-c-radio">
                        <input class="pf-v5-c-radio__input" type="radio" id="council-${council.id}" name="council"
                               value="${council.id}" required <#if council?is_first>autofocus</#if>/>
                        <label class="pf-v5-c-radio__label" for="council-${council.id}">${council.displayName}</label>
                    </div>
                </#list>
            </fieldset>
            <div class="${properties.kcFormGroupClass!}">
                <button class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit"
                        id="borough-choose">${msg("boroughChooseCouncilButton")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
