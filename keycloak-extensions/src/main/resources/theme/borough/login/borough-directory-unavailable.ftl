<#import "template.ftl" as layout>
<#-- Borough Broker: the person's council directory cannot be reached. -->
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("boroughDirectoryUnavailableTitle")}
    <#elseif section = "form">
        <p id="borough-directory-unavailable">${msg("boroughDirectoryUnavailable", council)}</p>
        <p><a id="borough-try-again" href="${url.loginRestartFlowUrl}">${msg("boroughTryAgain")}</a></p>
    </#if>
</@layout.registrationLayout>
